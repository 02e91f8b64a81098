from django.urls import path

from . import views, views_uebernahme

app_name = "ideen"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("neu/<slug:slug>/", views.neu, name="neu"),
    path("einladung/<str:token>/", views.einladung, name="einladung"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.bearbeiten, name="bearbeiten"),
    path("<int:pk>/zwischenspeichern/", views.zwischenspeichern, name="zwischenspeichern"),
    path(
        "<int:pk>/zwischenspeichern/verwerfen/",
        views.zwischenstand_verwerfen,
        name="zwischenstand_verwerfen",
    ),
    path("<int:pk>/einreichen/", views.einreichen, name="einreichen"),
    path("<int:pk>/zurueckziehen/", views.zurueckziehen, name="zurueckziehen"),
    path("<int:pk>/idee.pdf", views.pdf, name="pdf"),
    path("<int:pk>/als-steckbrief/", views_uebernahme.als_steckbrief, name="als_steckbrief"),
    path("<int:pk>/pitch-deck/", views.pitchdeck, name="pitchdeck"),
    path("<int:pk>/einladen/", views.einladen, name="einladen"),
    path(
        "<int:pk>/mitwirkende/<int:mitwirkende_pk>/entfernen/",
        views.mitwirkende_entfernen,
        name="mitwirkende_entfernen",
    ),
]
