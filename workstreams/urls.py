# Included at workstreams/.
from django.urls import path

from workstreams import views

app_name = "workstreams"
urlpatterns = [
    path("", views.workstream_list, name="list"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("actions/<int:pk>/notes/", views.action_note, name="action_note"),
    path("actions/<int:pk>/check-in/", views.action_check_in, name="action_check_in"),
    path("<slug:slug>/", views.workstream_detail, name="detail"),
    path("<slug:slug>/actions/new/", views.action_create, name="action_create"),
    path("<slug:slug>/members/", views.workstream_members, name="members"),
    path("<slug:slug>/members/add/", views.member_add, name="member_add"),
    path("<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
