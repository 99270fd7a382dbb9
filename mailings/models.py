"""The mails the app sends, one row per person and period: the record that makes sending exactly-once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """One mail to one person for one period: the unit that is sent exactly once."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Wekelijkse samenvatting")
        RED_ALERT = "red_alert", _("Werkstroom op rood")
        DEADLINE = "deadline", _("Deadlinestatus")
        UPDATE_REMINDER = "update_reminder", _("Herinnering weekupdate")
        UPDATES_MISSING = "updates_missing", _("Ontbrekende weekupdates")
        NOTIFICATION = "notification", _("Melding")
        NOTIFICATION_BUNDLE = "notification_bundle", _("Meldingen van het afgelopen uur")

    class Status(models.TextChoices):
        PENDING = "pending", _("Wachtend")
        SENDING = "sending", _("Wordt verzonden")
        SENT = "sent", _("Verzonden")
        FAILED = "failed", _("Mislukt (wordt opnieuw geprobeerd)")
        SKIPPED = "skipped", _("Overgeslagen")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    # What the mail is about: the meeting date for a digest, e.g. "2026-11-24", or "verbinden:red:2026-11-23".
    period = models.CharField(_("periode"), max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    subject = models.CharField(_("onderwerp"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        # The table keeps the name it had before mailings became an app of their own.
        db_table = "taskforce_delivery"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "period", "user"], name="one_delivery_per_period")]
        verbose_name = _("verzending")
        verbose_name_plural = _("verzendingen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} → {self.user}"
