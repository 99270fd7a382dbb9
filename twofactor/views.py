"""The second step after the password, setting up an authenticator app, backup codes, and turning it off."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor import selectors, services
from twofactor.forms import CodeForm


def _next(request: HttpRequest, default: str = settings.LOGIN_REDIRECT_URL) -> str:
    """Where to go after the step: the page that sent here, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return resolve_url(default)


def _with_next(name: str, next_url: str) -> str:
    return f"{resolve_url(name)}?{urlencode({'next': next_url})}"


def _refusal(check: services.Check) -> str:
    if check.wait:
        return ngettext(
            "Te veel onjuiste codes achter elkaar. Wacht %(seconds)s seconde en probeer het opnieuw.",
            "Te veel onjuiste codes achter elkaar. Wacht %(seconds)s seconden en probeer het opnieuw.",
            check.wait,
        ) % {"seconds": check.wait}
    return _(
        "Deze code klopt niet. Vul de code in die uw app nu toont (hij verandert elke 30 seconden), "
        "of een reservecode die u nog niet gebruikte."
    )


def _verified(request: HttpRequest, device: Device) -> None:
    request.session.cycle_key()  # a session that gained rights gets a new key
    otp_login(request, device)
    request.session[selectors.SESSION_DEVICE] = True


def _qr_svg(device: TOTPDevice) -> SafeString:
    """The app's configuration (otpauth:// URI) as an inline SVG: no image request, nothing leaves the page."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    svg = image.to_string(encoding="unicode")
    label = _("QR-code om in uw authenticator-app te scannen")
    # The markup is qrcode's own, with only paths and numbers in it.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="qr-code" ', 1))  # noqa: S308


def _secret(device: TOTPDevice) -> str:
    """The key in base32, as apps want it typed, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@require_safe
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "totp": selectors.totp_device(user),
        "backup_left": selectors.backup_codes_left(user),
        "required": selectors.second_factor_required(user),
        "provider_verified": selectors.provider_verified(request.session),
    }
    return render(request, "twofactor/account.html", context)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app or a backup code, before the session counts as this person's."""
    user = request.user
    next_url = _next(request)
    if user.is_verified():
        return redirect(next_url)
    if not user_has_device(user):
        if selectors.second_factor_required(user):
            return redirect(_with_next("twofactor:setup", next_url))
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.code_verify(user=user, code=form.cleaned_data["code"])
        if check.device is not None:
            _verified(request, check.device)
            return redirect(next_url)
        form.add_error("code", _refusal(check))
    return render(
        request,
        "twofactor/verify.html",
        {"form": form, "next": next_url, "second_step": True, "issuer": settings.OTP_TOTP_ISSUER},
    )


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Set-up (or a new phone): scan the QR code or type the key, then confirm with a first code."""
    user = request.user
    forced = selectors.second_factor_required(user) and not user.is_verified()
    next_url = _next(request, settings.LOGIN_REDIRECT_URL if forced else "twofactor:account")
    if user_has_device(user) and not user.is_verified():
        # Whoever has only the password must not replace the app of the person they pretend to be.
        return redirect(_with_next("twofactor:verify", next_url))
    device = services.totp_setup_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = services.totp_confirm(device=device, code=form.cleaned_data["code"])
        if confirmed.check.device is not None:
            _verified(request, confirmed.check.device)
            messages.success(request, _("Tweestapsverificatie staat aan."))
            return _backup_codes_page(request, confirmed.codes, next_url)
        form.add_error("code", _refusal(confirmed.check))
    context = {
        "form": form,
        "next": next_url,
        "qr": _qr_svg(device),
        "secret": _secret(device),
        "replacing": selectors.totp_device(user) is not None,
        "required": selectors.second_factor_required(user),
        "forced": forced,
        "second_step": forced,
    }
    return render(request, "twofactor/setup.html", context)


def _backup_codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    # Shown in this response only: the codes are not shown again, a new set replaces them.
    return render(request, "twofactor/backup_codes.html", {"codes": codes, "next": next_url})


@require_POST
def backup_codes(request: HttpRequest) -> HttpResponse:
    if selectors.totp_device(request.user) is None:
        messages.error(request, _("Stel eerst tweestapsverificatie in; daarna krijgt u reservecodes."))
        return redirect("twofactor:account")
    codes = services.backup_codes_renew(user=request.user)
    return _backup_codes_page(request, codes, resolve_url("twofactor:account"))


@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if selectors.second_factor_required(user):
        messages.error(request, _("Voor uw rol is tweestapsverificatie verplicht; u kunt het niet uitzetten."))
        return redirect("twofactor:account")
    services.second_factor_remove(user=user)
    request.session.pop(selectors.SESSION_DEVICE, None)
    messages.success(request, _("Tweestapsverificatie staat uit. Uw reservecodes werken niet meer."))
    return redirect("twofactor:account")
