"""The leaders' dashboard under /mot-cua/bao-cao/ and the public statistics under /thong-ke/.

Included at the site root by config/urls.py, so the paths are written in full.
"""

from django.urls import path

from . import public_views, views

app_name = "reports"

urlpatterns = [
    path("mot-cua/bao-cao/", views.dashboard, name="dashboard"),
    path("mot-cua/bao-cao/xuat/<str:table>.xlsx", views.export, name="export"),
    path("mot-cua/bao-cao/<str:code>/ho-so/", views.items_page, name="items"),
    path("mot-cua/bao-cao/<str:code>/ho-so/xuat.xlsx", views.items_export, name="items-export"),
    path("thong-ke/", public_views.statistics, name="statistics"),
    path("thong-ke/du-lieu.csv", public_views.open_data_csv, name="open-data-csv"),
    path("thong-ke/du-lieu.json", public_views.open_data_json, name="open-data-json"),
]
