# Included at import/.
from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("acties/", views.import_new, name="new"),
    path("acties/<int:pk>/", views.import_detail, name="detail"),
    path("acties/<int:pk>/voortgang/", views.import_progress, name="progress"),
    path("acties/<int:pk>/doorvoeren/", views.import_confirm, name="confirm"),
]
