# Included at audit/.
from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="entries"),
    path("export.csv", views.export, name="export"),
]
