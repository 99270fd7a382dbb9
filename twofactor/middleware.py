"""django-otp's OTPMiddleware (request.user.is_verified()), counting the provider's second factor, and the
second step itself: a session that must pass it is sent to it from every page until it has."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp import user_has_device
from django_otp.middleware import OTPMiddleware

from twofactor.selectors import SESSION_DEVICE, provider_verified, second_factor_required

# Pages a person who still owes the second step may open: the step itself, leaving, the language.
# Everything else waits for it, public pages too: the API is public to the login middleware (it answers
# 401 itself) but reads the session.
OPEN = frozenset({"twofactor:verify", "twofactor:setup", "logout", "set_language", "admin:logout", "healthz"})


def _verified_by_provider(request: HttpRequest, user: Any) -> Any:
    if user.is_authenticated and user.otp_device is None and provider_verified(request.session):
        user.is_verified = lambda: True
    return user


class TwoFactorMiddleware(OTPMiddleware):
    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        return _verified_by_provider(request, super()._verify_user_sync(request, user))

    async def _verify_user_async_via_auser(self, request: HttpRequest, auser: Any) -> Any:
        return _verified_by_provider(request, await super()._verify_user_async_via_auser(request, auser))

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user: Any = request.user  # with django-otp's is_verified()
        name = request.resolver_match.view_name if request.resolver_match else ""
        admin = name.startswith("admin:")
        if not user.is_authenticated or name in OPEN:
            return None
        required = second_factor_required(user) or (admin and user.is_staff)
        if not (required or request.session.get(SESSION_DEVICE)) or user.is_verified():
            return None
        if user_has_device(user):
            step = "twofactor:verify"
        elif required:
            step = "twofactor:setup"
        else:
            request.session.pop(SESSION_DEVICE, None)  # the device was removed since the login
            return None
        if request.resolver_match and request.resolver_match.namespace == "api":
            detail = _("Rond eerst de tweede stap van het inloggen af.")
            return JsonResponse({"detail": detail}, status=403)
        url = reverse(step)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)
