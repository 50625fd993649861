from django.urls import path

from . import lookup, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.catalog, name="catalog"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("tra-cuu/", lookup.lookup, name="lookup"),
    path("co-chu/", views.text_size, name="text-size"),
]
