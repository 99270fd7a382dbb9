from django.urls import path

from mandate import views

app_name = "mandate"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("edit/", views.mandate_edit, name="edit"),
    path("milestones/new/", views.milestone_add, name="milestone_add"),
    path("budget/", views.budget, name="budget"),
    path("budget/lines/new/", views.budget_line_add, name="budget_line_add"),
    path("budget/export.<str:fmt>", views.budget_export, name="budget_export"),
    path("commitments/new/", views.commitment_request, name="commitment_request"),
    path("commitments/<int:pk>/", views.commitment, name="commitment"),
    path("commitments/<int:pk>/step/", views.commitment_step, name="commitment_step"),
    path("actions/<int:pk>/delegation/", views.delegation, name="delegation"),
]
