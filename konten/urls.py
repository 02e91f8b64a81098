from django.urls import path

from . import views

app_name = "konten"

urlpatterns = [
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/anlegen/", views.organisation_anlegen, name="organisation_anlegen"),
    path("organisation/bearbeiten/", views.organisation_bearbeiten, name="organisation_bearbeiten"),
    path("organisation/einladen/", views.einladen, name="einladen"),
    path(
        "organisation/einladungen/<int:pk>/zurueckziehen/",
        views.einladung_zurueckziehen,
        name="einladung_zurueckziehen",
    ),
    path("organisation/verlassen/", views.organisation_verlassen, name="organisation_verlassen"),
    path(
        "organisation/mitglieder/<int:pk>/entfernen/",
        views.mitglied_entfernen,
        name="mitglied_entfernen",
    ),
    path(
        "organisation/mitglieder/<int:pk>/verwaltung/",
        views.verwaltung_uebertragen,
        name="verwaltung_uebertragen",
    ),
    path("organisation/verwaltung-abgeben/", views.verwaltung_abgeben, name="verwaltung_abgeben"),
    path("einladung/<str:token>/", views.einladung, name="einladung"),
    path("anmeldelink/", views.anmeldelink_anfordern, name="anmeldelink_anfordern"),
    path("anmeldelink/<str:token>/", views.anmeldelink, name="anmeldelink"),
    path("meine-daten/", views.meine_daten, name="meine_daten"),
    path("meine-daten/export/", views.datenexport, name="datenexport"),
    path("meine-daten/loeschen/", views.konto_loeschen, name="konto_loeschen"),
]
