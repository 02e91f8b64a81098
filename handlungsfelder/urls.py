from django.urls import path

from . import views

urlpatterns = [
    path("", views.start, name="start"),
    path("handlungsfelder/", views.uebersicht, name="handlungsfelder"),
    path("handlungsfelder/<str:code>/", views.handlungsfeld, name="handlungsfeld"),
    path("aufrufe/<slug:slug>/", views.aufruf, name="aufruf"),
    path("seiten/<slug:slug>/", views.seite, name="seite"),
    path("favicon.ico", views.favicon, name="favicon"),
]
