from django.urls import path

from . import views

app_name = "portfolio"

urlpatterns = [
    path("", views.uebersicht, name="uebersicht"),
    path("projektpipeline/", views.projektpipeline, name="projektpipeline"),
]
