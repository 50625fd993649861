from django.urls import include, path

from . import account_views, lookup, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.catalog, name="catalog"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("tra-cuu/", lookup.lookup, name="lookup"),
    path("co-chu/", views.text_size, name="text-size"),
    path("dang-ky/", account_views.register, name="register"),
    path("dang-ky/xac-thuc/", account_views.register_verify, name="register-verify"),
    path("dang-nhap/", account_views.sign_in, name="login"),
    path("dang-xuat/", account_views.sign_out, name="logout"),
    path("ho-so-cua-toi/", account_views.my_dossiers, name="my-dossiers"),
    path("ho-so-cua-toi/<str:ref>/", account_views.my_dossier, name="my-dossier"),
    path("ho-so-cua-toi/<str:ref>/rut-ho-so/", account_views.withdraw, name="my-dossier-withdraw"),
    path(
        "ho-so-cua-toi/<str:ref>/bo-sung/", account_views.supplement, name="my-dossier-supplement"
    ),
    # Each feature of the citizen journey keeps its pages in its own module.
    path("", include("motcua.portal.apply_urls")),
    path("", include("motcua.portal.feedback_urls")),
    path("", include("motcua.portal.conversation_urls")),
    path("", include("motcua.portal.identity_urls")),
    path("", include("motcua.notifications.citizen_urls")),
]
