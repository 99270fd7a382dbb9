"""Request-wide rules: the language of every page (the person's own choice, else Dutch; the browser's
wish is not asked), the security headers of every response, and who the client is behind a proxy."""

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Replaces LocaleMiddleware: a logged-in person's profile language, else the language cookie, else Dutch."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = settings.LANGUAGE_CODE
        user = request.user
        available = dict(settings.LANGUAGES)
        if user.is_authenticated and user.language in available:
            language = user.language
        elif request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in available:
            language = request.COOKIES[settings.LANGUAGE_COOKIE_NAME]
        request.LANGUAGE_CODE = language
        # override() restores the previous language afterwards, so nothing leaks into the next request.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# Every powerful browser feature off: the app uses none. Only names Chromium knows (an unknown name
# is logged as an error in the console); browsing-topics is the successor of interest-cohort.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; and nothing a logged-in person sees (pages, exports,
    reports) is kept by the browser or a shared cache, unless the view chose its own Cache-Control.
    Static files never get here: whitenoise answers them before this middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "private, no-store"
        return response


def client_ip(request) -> str | None:
    """The client's address for django-axes. Behind TRUSTED_PROXY_COUNT proxies, each appending the
    address it was reached from to X-Forwarded-For, the client is that many entries from the right;
    anything further left was written by the client itself. With no proxy the header is ignored."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count <= 0 or not forwarded:
        return remote
    return forwarded[-count] if len(forwarded) >= count else forwarded[0]
