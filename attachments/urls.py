# Included at attachments/.
from django.urls import path

from attachments import views

app_name = "attachments"
urlpatterns = [
    path("<int:pk>/", views.attachment_download, name="download"),
    path("<int:pk>/delete/", views.attachment_delete, name="delete"),
    path("<str:target_type>/<int:target_id>/new/", views.attachment_upload, name="upload"),
]
