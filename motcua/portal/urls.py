from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.catalog, name="catalog"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("co-chu/", views.text_size, name="text-size"),
]
