from django.contrib import admin
from django.urls import include, path

from .health import healthz

admin.site.site_header = "Masterplan Region Chemnitz/Südwestsachsen – Verwaltung"
admin.site.site_title = "Steckbrief-Portal"
admin.site.index_title = "Verwaltung"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("konto/", include("konten.urls")),
    path("konto/", include("allauth.urls")),
    path("steckbriefe/", include("steckbriefe.urls")),
    path("ideen/", include("ideen.urls")),
    path("exporte/", include("dossiers.urls")),
    path("kooperation/", include("kooperation.urls")),
    path("portfolio/", include("portfolio.urls")),
    path("", include("handlungsfelder.urls")),
]
