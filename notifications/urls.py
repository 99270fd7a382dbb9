from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("people/", views.people, name="people"),
    path("follow/<str:model>/<int:pk>/", views.follow, name="follow"),
]
