"""Reads of two-factor login: whom it is required of, what verifies a session, a person's devices."""

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sso.views import SESSION_AMR
from taskforce.models import User

# Set at login: this person had a device then, so the session is not theirs until the second step.
SESSION_DEVICE = "twofactor_device"


def second_factor_required(user: User) -> bool:
    """Whether this person must pass the second step before anything else (the admin asks it of all staff)."""
    return user.is_superuser or user.role in settings.TWO_FACTOR_REQUIRED_ROLES


def provider_verified(session: SessionBase) -> bool:
    """Whether the single sign-on provider asked for a second factor itself (the ID token's "amr", RFC 8176)."""
    methods = session.get(SESSION_AMR) or []
    return bool(set(methods) & set(settings.TWO_FACTOR_SSO_AMR))


def totp_device(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def backup_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()
