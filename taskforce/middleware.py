"""The language of every page: the person's own choice, else Dutch (the browser's wish is not asked)."""

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
