"""Single sign-on with OpenID Connect (mozilla-django-oidc): staff log in with their organisation's account."""
