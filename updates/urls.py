# Included at updates/.
from django.urls import path

from updates import views

app_name = "updates"
urlpatterns = [
    path("", views.update_list, name="list"),
    path("trajectory/", views.trajectory, name="trajectory"),
    path("trajectory/baseline/", views.baseline, name="baseline"),
    path("compare/", views.compare, name="compare"),
    path("settings/", views.rhythm_settings, name="settings"),
    path("<int:pk>/", views.update_detail, name="detail"),
    path("<int:pk>/review/", views.update_review, name="review"),
    path("<slug:slug>/", views.update_edit, name="edit"),
    path("<slug:slug>/delegate/", views.delegate, name="delegate"),
    path("<slug:slug>/recovery/", views.recovery, name="recovery"),
    path("<slug:slug>/recovery/close/", views.recovery_close, name="recovery_close"),
]
