"""Writes of two-factor login: setting up an authenticator app, checking codes, backup codes, turning it off.

django-otp keeps the devices: a TOTPDevice per authenticator app and one StaticDevice whose tokens are
the backup codes. Every check goes through a device's verify_token() inside a transaction with the row
locked, so its throttling (a wait that doubles after each wrong code) and its refusal of a code used
before hold when two requests race.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from taskforce.models import User

BACKUP_CODES = 10
TOTP_NAME = "Authenticator-app"
BACKUP_NAME = "Reservecodes"


@dataclass
class Check:
    """The outcome of a code: the device that accepted it, or the seconds to wait when tries are throttled."""

    device: Device | None = None
    wait: int = 0


def code_normalise(code: str) -> str:
    # Apps show "123 456"; backup codes may be typed in capitals or with a dash.
    return "".join(ch for ch in code if ch not in " -").lower()


def _check(device: Device, code: str) -> Check:
    allowed, info = device.verify_is_allowed()
    if not allowed:
        left = (info["locked_until"] - timezone.now()).total_seconds() if info and "locked_until" in info else 1
        return Check(wait=max(1, math.ceil(left)))
    return Check(device=device if device.verify_token(code) else None)


def code_verify(*, user: User, code: str) -> Check:
    """Checks a code against the person's app (six digits) or their backup codes (anything else).

    A backup code is removed when it is used, so it works once.
    """
    code = code_normalise(code)
    model = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            check = _check(device, code)
            if check.device or check.wait:
                return check
    return Check()


def totp_setup_start(*, user: User) -> TOTPDevice:
    """The app being set up, not yet confirmed: the same key on every visit until a first code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


@dataclass
class Confirmed:
    check: Check
    codes: list[str]


def totp_confirm(*, device: TOTPDevice, code: str) -> Confirmed:
    """Confirms the app with its first code; it replaces an earlier app, and new backup codes replace old ones."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        check = _check(device, code_normalise(code))
        if check.device is None:
            return Confirmed(check=check, codes=[])
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = backup_codes_renew(user=device.user)
    return Confirmed(check=check, codes=codes)


def backup_codes_renew(*, user: User) -> list[str]:
    """Ten new single-use backup codes; the earlier ones stop working. Only the caller sees them."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": BACKUP_NAME, "confirmed": True})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_remove(*, user: User) -> None:
    """Turns two-factor login off: the app and the backup codes are gone (callers check the role allows it)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def totp_device_ensure(*, user: User) -> TOTPDevice:
    """A confirmed app for a demo login, kept across runs so the key in an authenticator app stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)
