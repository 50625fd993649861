"""Payment pages: the applicant's (/thanh-toan/…) and the back office's fee page
(/mot-cua/ho-so/<ref>/thu-phi/), included at the site root by config/urls.py."""

from django.urls import path

from . import counter_views, views

app_name = "payments"

urlpatterns = [
    path("thanh-toan/ho-so/<str:ref>/", views.start, name="start"),
    path("thanh-toan/ket-qua/", views.result, name="result"),
    path("thanh-toan/sandbox/", views.sandbox_page, name="sandbox"),
    path("thanh-toan/<int:pk>/bien-lai.pdf", views.receipt, name="receipt"),
    path("mot-cua/ho-so/<str:ref>/thu-phi/", counter_views.counter, name="counter"),
    path("mot-cua/ho-so/<str:ref>/thu-phi/yeu-cau/", counter_views.ask, name="ask"),
]
