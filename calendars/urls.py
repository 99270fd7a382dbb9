"""A person's calendar page and feeds, and a meeting as a calendar file (included at the root)."""

from django.urls import path

from calendars import views

app_name = "calendars"
urlpatterns = [
    path("account/calendar/", views.calendar_settings, name="settings"),
    path("account/calendar/reset/", views.calendar_reset, name="reset"),
    path("feeds/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("feeds/<str:token>/<slug:workstream>.ics", views.workstream_feed, name="workstream_feed"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_ics, name="meeting_ics"),
]
