"""Start of a single sign-on login, the provider's callback, and a logout that ends the provider's session."""

import logging
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from sso.backends import Refused, provider

logger = logging.getLogger(__name__)

# Keys of the session a later feature reads: the provider's "amr" (authentication methods).
SESSION_AMR = "sso_amr"
SESSION_ID_TOKEN = "sso_id_token"

REASONS = {
    "state": _(
        "Deze aanmelding hoort niet bij dit browservenster: de controlecode klopt niet of is al gebruikt. "
        "Begin opnieuw vanaf de inlogpagina."
    ),
    "token": _(
        "Het bewijs van aanmelding dat uw organisatie stuurde, is niet geldig voor deze applicatie. "
        "Er is niemand ingelogd."
    ),
    "expired": _("Het bewijs van aanmelding dat uw organisatie stuurde, is verlopen. Probeer opnieuw in te loggen."),
    "domain": _(
        "Met een account van uw organisatie kunt u hier niet inloggen: alleen e-mailadressen van "
        "aangesloten organisaties zijn toegestaan. Heeft u een lokaal account, log dan daarmee in, of "
        "vraag het secretariaat om toegang."
    ),
    "inactive": _("Uw account is uitgeschakeld. Neem contact op met het secretariaat."),
    "locked": _("Er is te vaak zonder succes geprobeerd in te loggen. Probeer het over een kwartier opnieuw."),
    "provider": _(
        "De inlogdienst van uw organisatie heeft de aanmelding niet voltooid of is niet bereikbaar. "
        "Probeer het later opnieuw of log in met een lokaal account."
    ),
}


def refused(request: HttpRequest, reason: str, detail: object = "") -> HttpResponse:
    logger.warning("single sign-on refused (%s): %s", reason, detail)
    return render(request, "sso/refused.html", {"reason": REASONS[reason]}, status=403)


def _require_enabled() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404


class StartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider, with state, nonce and a PKCE (S256) challenge in the session."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the endpoints are read in get(), only when enabled

    def get(self, request: HttpRequest) -> HttpResponse:
        _require_enabled()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider("authorization_endpoint")
        except (requests.RequestException, KeyError, ValueError) as exc:
            return refused(request, "provider", exc)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code; every refusal gets a page that says why."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _require_enabled()
        state = request.GET.get("state")
        if state is not None and state not in request.session.get("oidc_states", {}):
            return refused(request, "state", "unknown state")
        try:
            return super().get(request)
        except Refused as exc:
            return refused(request, exc.reason, exc)
        except SuspiciousOperation as exc:  # e.g. the nonce in the ID token is not this login's
            return refused(request, "token", exc)
        except (requests.RequestException, KeyError, ValueError) as exc:
            # The token endpoint refused the code (a wrong PKCE verifier, say) or the provider is away.
            return refused(request, "provider", exc)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        self.request.session[SESSION_AMR] = self.user.sso_amr
        self.request.session[SESSION_ID_TOKEN] = self.user.sso_id_token
        return response

    def login_failure(self) -> HttpResponse:
        user = getattr(self, "user", None)
        if getattr(self.request, "axes_locked_out", False):
            reason = "locked"
        elif user is not None and not user.is_active:
            reason = "inactive"
        else:
            reason = getattr(self.request, "sso_refused", "provider")
        return refused(self.request, reason, self.request.GET.get("error", ""))


class LogoutView(auth_views.LogoutView):
    """Django's logout; after a single sign-on login it goes on to end the provider's session too.

    RP-initiated logout: https://openid.net/specs/openid-connect-rpinitiated-1_0.html
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get(SESSION_ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        if not (id_token and settings.OIDC_ENABLED):
            return response
        try:
            end_session = provider("end_session_endpoint")
        except (requests.RequestException, KeyError, ValueError) as exc:
            logger.warning("provider's session not ended: %s", exc)
            return response
        back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
        query = urlencode(
            {"id_token_hint": id_token, "post_logout_redirect_uri": back, "client_id": settings.OIDC_RP_CLIENT_ID}
        )
        return HttpResponseRedirect(f"{end_session}?{query}")
