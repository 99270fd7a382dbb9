"""The OpenID Connect login: mozilla-django-oidc's authorisation-code flow, checked more strictly.

mozilla-django-oidc fetches the tokens and the user info; this backend adds what it leaves out or
to settings: the provider's endpoints from its discovery document, the ID token's issuer, audience and
expiry, matching people on the provider's `sub` (never on e-mail) and the allowed e-mail domains.
Every refusal is a `Refused` with a reason the callback page explains.
"""

import functools
import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from sso.services import identity_login

logger = logging.getLogger(__name__)


class Refused(SuspiciousOperation):
    """A login the provider or this app refused; `reason` is a key of sso.views.REASONS."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@functools.lru_cache(maxsize=4)
def _discovery(issuer: str) -> dict[str, Any]:
    # https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
    response = requests.get(f"{issuer.rstrip('/')}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    if document.get("issuer") != issuer:
        raise requests.RequestException(f"discovery names issuer {document.get('issuer')!r}, not {issuer!r}")
    return document


def provider(key: str) -> str:
    """An endpoint of the configured provider (fetched once per process; a failure is not kept)."""
    return _discovery(settings.OIDC_ISSUER)[key]


class OIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for each password login and for each request of a person signed
        # in with this one: the provider is read only when a single sign-on login really happens.
        self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        # Only the callback view passes a code verifier; password logins end here.
        if not settings.OIDC_ENABLED or request is None or "code_verifier" not in kwargs:
            return None
        self.OIDC_OP_TOKEN_ENDPOINT = provider("token_endpoint")
        self.OIDC_OP_USER_ENDPOINT = provider("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = provider("jwks_uri")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def retrieve_matching_jwk(self, token: str) -> Any:
        if "kid" in jwt.get_unverified_header(token):
            return super().retrieve_matching_jwk(token)
        # A provider with one signing key may leave its id out of the token header (the mock does).
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        keys = response.json()["keys"]
        if len(keys) != 1:
            raise Refused("token", "no key id in the token and more than one key at the provider")
        return jwt.PyJWK(keys[0])

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        # mozilla-django-oidc skips the audience and the issuer; an ID token made for another
        # application, or by another provider, must not log anyone in here.
        algorithm = jwt.get_unverified_header(payload).get("alg")
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            raise Refused("token", f"signed with {algorithm}, expected {self.OIDC_RP_SIGN_ALGO}")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[algorithm],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=provider("issuer"),
                leeway=settings.OIDC_CLOCK_SKEW_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Refused("expired", str(exc)) from exc
        except jwt.InvalidTokenError as exc:
            raise Refused("token", str(exc)) from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise Refused("token", f"issued to {claims.get('azp')!r}")
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        try:
            user_info = self.get_userinfo(access_token, id_token, payload)
            if user_info.get("sub") != payload["sub"]:
                raise Refused("token", "user info is about another subject")
            claims = {**user_info, "sub": payload["sub"]}
            allowed = settings.OIDC_ALLOWED_EMAIL_DOMAINS
            email = str(claims.get("email") or "")
            domain = email.rpartition("@")[2].lower()
            if allowed and (domain not in allowed or claims.get("email_verified") is False):
                raise Refused("domain", domain or "no e-mail address")
        except Refused as exc:
            # mozilla-django-oidc turns this into a plain failed login; the callback page reads why here.
            self.request.sso_refused = exc.reason  # type: ignore[attr-defined]
            raise
        user = identity_login(issuer=payload["iss"], claims=claims)
        # For the callback view to put in the new session: the provider's authentication methods (a
        # second factor at the provider counts as one here) and the token that ends its session.
        user.sso_amr = list(payload.get("amr") or [])
        user.sso_id_token = id_token
        return user
