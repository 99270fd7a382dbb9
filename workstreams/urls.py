# Included at the site root: Mijn werk and search live outside /workstreams/.
from django.urls import path

from workstreams import views

app_name = "workstreams"
urlpatterns = [
    path("mijn-werk/", views.my_work, name="my_work"),
    path("search/", views.search, name="search"),
    path("workstreams/", views.workstream_list, name="list"),
    path("workstreams/actions/<int:pk>/", views.action_detail, name="action"),
    path("workstreams/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("workstreams/actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("workstreams/actions/<int:pk>/notes/", views.action_note, name="action_note"),
    path("workstreams/actions/<int:pk>/check-in/", views.action_check_in, name="action_check_in"),
    path("workstreams/<slug:slug>/", views.workstream_detail, name="detail"),
    path("workstreams/<slug:slug>/actions/new/", views.action_create, name="action_create"),
    path("workstreams/<slug:slug>/members/add/", views.member_add, name="member_add"),
    path("workstreams/<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("workstreams/<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
