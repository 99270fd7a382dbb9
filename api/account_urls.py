"""A person's API tokens on their account pages (included at the root, beside the mail preferences)."""

from django.urls import path

from api import token_views

urlpatterns = [
    path("account/tokens/", token_views.token_list, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", token_views.token_revoke, name="api_token_revoke"),
]
