"""A person's mail switches, and the unsubscribe link in every mail (no login needed)."""

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from mailings import mail
from mailings.alerts import receives_alerts
from mailings.digest import digest_build
from mailings.forms import MailPreferencesForm, NotificationSettingsForm
from notifications.models import NotificationSettings
from taskforce.models import User


@require_http_methods(["GET", "POST"])
def mail_preferences(request: HttpRequest) -> HttpResponse:
    alerted = receives_alerts(request.user)
    form = MailPreferencesForm(request.POST or None, instance=request.user, receives_alerts=alerted)
    # A post without the notification choices (an older page, a script) leaves them as they are.
    sent_notices = any(key.startswith("notices-") for key in request.POST)
    notices = NotificationSettingsForm(
        request.POST if sent_notices else None, instance=NotificationSettings.of(request.user), prefix="notices"
    )
    if request.method == "POST" and form.is_valid() and (not sent_notices or notices.is_valid()):
        form.save()
        if sent_notices:
            notices.save()
        messages.success(request, _("Uw e-mailinstellingen zijn opgeslagen."))
        return redirect("mail_preferences")
    return render(
        request, "mailings/mail_preferences.html", {"form": form, "notices": notices, "receives_alerts": alerted}
    )


def _preview(request: HttpRequest):
    """This person's digest as it would go out today: built, never sent, never recorded."""
    return digest_build(user=request.user, today=timezone.localdate())


@require_safe
def digest_preview(request: HttpRequest) -> HttpResponse:
    message = _preview(request)
    return render(
        request,
        "mailings/digest_preview.html",
        {"message": message, "enabled": request.user.digest_enabled},
    )


# The mail's HTML as the mail client shows it: its styles are inline, as mail needs them.
@require_safe
@csp_update({"style-src": ["'unsafe-inline'"]})
def digest_preview_html(request: HttpRequest) -> HttpResponse:
    message = _preview(request)
    if message is None:  # nothing to send: the preview page says so
        return digest_preview(request)
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    return HttpResponse(html)


# Mail clients send the RFC 8058 one-click POST without a CSRF token; the signed token is what
# authorises it, and all it can do is switch one kind of mail off for one person.
@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def mail_unsubscribe(request: HttpRequest, preference: str, token: str) -> HttpResponse:
    try:
        user_id = mail.unsubscribe_user_id(token, preference)
    except signing.SignatureExpired:
        return render(request, "mailings/mail_unsubscribe_expired.html", status=410)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "mailings/mail_unsubscribe_invalid.html", status=400)
    # The page speaks the language the mail was in.
    with translation.override(user.language):
        context = {"preference": preference, "person": user, "done": False}
        if request.method == "POST":
            if preference == mail.NOTIFICATIONS:
                mail.notifications_unsubscribe(user)
            else:
                User.objects.filter(pk=user.pk).update(**{mail.PREFERENCE_FIELDS[preference]: False})
            context["done"] = True
        response = render(request, "mailings/mail_unsubscribe.html", context)
        response.headers["Content-Language"] = user.language
        return response
