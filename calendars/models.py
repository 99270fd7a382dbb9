"""Each person's secret calendar feed address.

The address carries a random key signed with SECRET_KEY: a calendar program fetches it without logging
in, a copy of the database alone does not give it away, and a new key (a reset) makes every earlier
address fail at once.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy as _

_signer = signing.Signer(salt="calendars.feed", sep=".")


def new_key() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("gebruiker")
    )
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now=True)

    class Meta:
        verbose_name = _("agenda-feed")
        verbose_name_plural = _("agenda-feeds")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def for_user(cls, user) -> CalendarFeed:
        feed, _created = cls.objects.get_or_create(user=user)
        return feed

    @classmethod
    def from_token(cls, token: str) -> CalendarFeed | None:
        """The feed a token opens: None for a forged, reset or deactivated person's token."""
        try:
            key = _signer.unsign(token)
        except signing.BadSignature:
            return None
        return cls.objects.select_related("user").filter(key=key, user__is_active=True).first()

    @property
    def token(self) -> str:
        return _signer.sign(self.key)

    def reset(self) -> None:
        """A new address; the old one stops working."""
        self.key = new_key()
        self.save(update_fields=["key", "created_at"])
