"""The logged-in person's own language."""

from django.utils import translation


class UserLanguageMiddleware:
    """Uses the logged-in person's own language, overriding the browser's (after LocaleMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
