"""Each person's mail preferences and the unsubscribe links in every mail (included at the root)."""

from django.urls import path

from mailings import views

urlpatterns = [
    path("account/mail/", views.mail_preferences, name="mail_preferences"),
    path("account/mail/preview/", views.digest_preview, name="digest_preview"),
    path("account/mail/preview.html", views.digest_preview_html, name="digest_preview_html"),
    path(
        "account/mail/unsubscribe/<slug:preference>/<str:token>/",
        views.mail_unsubscribe,
        name="mail_unsubscribe",
    ),
]
