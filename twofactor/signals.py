from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp import user_has_device

from taskforce.models import User
from twofactor.selectors import SESSION_DEVICE


@receiver(user_logged_in)
def second_step_due(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """Whoever has a device is asked for a code after the password: noted once here, not looked up per request."""
    request.session[SESSION_DEVICE] = user_has_device(user)
