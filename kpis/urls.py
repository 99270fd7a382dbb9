from django.urls import path

from kpis import views

app_name = "kpis"
urlpatterns = [
    path("", views.kpi_list, name="list"),
    path("<int:pk>/", views.kpi_detail, name="detail"),
    path("<int:pk>/measurements/", views.kpi_record, name="record"),
    path("<int:pk>/edit/", views.kpi_edit, name="edit"),
    path("<int:pk>/measurements/<int:measurement_pk>/", views.measurement_edit, name="measurement_edit"),
    path("<int:pk>/measurements/<int:measurement_pk>/delete/", views.measurement_delete, name="measurement_delete"),
]
