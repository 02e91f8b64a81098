from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("", views.uebersicht, name="uebersicht"),
    path("neu/", views.neu, name="neu"),
    path("steckbrief/<int:pk>/pdf/", views.steckbrief_pdf, name="steckbrief_pdf"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/status/", views.job_status, name="job_status"),
    path("<int:pk>/herunterladen/", views.herunterladen, name="herunterladen"),
    path("<int:pk>/neu-starten/", views.neu_starten, name="neu_starten"),
]
