from django.urls import path

from . import views

app_name = "steckbriefe"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("neu/", views.neu, name="neu"),
    path("felder/", views.felder, name="felder"),
    path("felder/checkliste.pdf", views.checkliste_pdf, name="checkliste"),
    path("neu/zwischenspeichern/", views.autosave, name="autosave_neu"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.bearbeiten, name="bearbeiten"),
    path("<int:pk>/zwischenspeichern/", views.autosave, name="autosave"),
    path(
        "<int:pk>/zwischenspeichern/verwerfen/",
        views.autosave_verwerfen,
        name="autosave_verwerfen",
    ),
    path("<int:pk>/finalisieren/", views.finalisieren, name="finalisieren"),
    path("<int:pk>/einreichen/", views.einreichen, name="einreichen"),
    path("<int:pk>/zurueckziehen/", views.zurueckziehen, name="zurueckziehen"),
    path("<int:pk>/druck/", views.druck, name="druck"),
    path("<int:pk>/versionen/", views.versionen, name="versionen"),
    path("<int:pk>/versionen/<int:alt>/<int:neu>/", views.vergleich, name="vergleich"),
    path("<int:pk>/anlagen/<int:anlage_pk>/", views.anlage, name="anlage"),
]
