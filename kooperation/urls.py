from django.urls import path

from . import views

app_name = "kooperation"

urlpatterns = [
    path("steckbrief/<int:pk>/", views.boerse, name="boerse"),
    path("steckbrief/<int:pk>/kontakt/<int:anderer>/", views.kontakt, name="kontakt"),
    path("steckbrief/<int:pk>/aehnliche/", views.aehnliche, name="aehnliche"),
    path("idee/<int:pk>/aehnliche/", views.aehnliche_idee, name="aehnliche_idee"),
    path("buendelung/", views.buendelung, name="buendelung"),
    path("buendelung/<int:erster>/<int:zweiter>/", views.urteilen, name="urteilen"),
]
