from django.conf import settings
from django.http import HttpRequest


def sso(request: HttpRequest) -> dict[str, bool]:
    """Whether the login page offers the organisation account."""
    return {"sso_enabled": settings.OIDC_ENABLED}
