"""What happened to whom (a notification), who follows what, and how each person wants to hear of it.

This app sits just above the core, below every feature app: the services that change things
(workstreams, meetings, updates) create notifications, so they must be able to import it, and it
must import none of them. It therefore points at what a notification is about generically (a content
type, an id and the page's address) and knows no feature model. Mail is not sent here: the mailings
app, on top, delivers notifications through its exactly-once Delivery rows (mailings/notices.py),
started by task name so this app never imports it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNED = "assigned", _("Actie aan u toegewezen")
    MENTIONED = "mentioned", _("U bent genoemd")
    STATUS_CHANGED = "status_changed", _("Status van een gevolgde actie gewijzigd")
    UPDATE_RETURNED = "update_returned", _("Weekupdate teruggestuurd")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    Kind = Kind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    # The page (with its anchor) the notification leads to, and the title of what it is about.
    url = models.CharField(max_length=300)
    title = models.CharField(_("onderwerp"), max_length=300)
    excerpt = models.CharField(_("uittreksel"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("datum"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    # The Delivery period of the mail that carries it: "notification:<id>" at once, "notifications:<hour>"
    # in an hourly bundle; empty while no mail has (yet) taken it.
    mail_period = models.CharField(max_length=40, blank=True, db_index=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title} → {self.user}"

    def summary(self) -> str:
        """One sentence in the active language: who did what."""
        actor = str(self.actor) if self.actor else gettext("Iemand")
        texts = {
            Kind.ASSIGNED: gettext("%(actor)s heeft u de actie “%(title)s” toegewezen."),
            Kind.MENTIONED: gettext("%(actor)s noemde u bij “%(title)s”."),
            Kind.STATUS_CHANGED: gettext("%(actor)s wijzigde de status van “%(title)s”."),
            Kind.UPDATE_RETURNED: gettext("%(actor)s stuurde de weekupdate “%(title)s” terug."),
        }
        return texts[Kind(self.kind)] % {"actor": actor, "title": self.title}


class Follow(models.Model):
    """One person's choice to follow (or, for an owner or trekker who follows by default, not) something."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    following = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "target_type", "target_id"], name="one_follow_per_target")
        ]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("volgen")
        verbose_name_plural = _("volgen")

    def __str__(self) -> str:
        return f"{self.user} {'→' if self.following else '✗'} {self.target_type.model} {self.target_id}"


class MailChoice(models.TextChoices):
    INSTANT = "instant", _("Meteen per e-mail")
    HOURLY = "hourly", _("Gebundeld, één e-mail per uur")
    OFF = "off", _("Niet per e-mail (alleen in de app)")


class NotificationSettings(models.Model):
    """Per kind of notification: mail at once, in an hourly bundle, or none. No row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    assigned = models.CharField(Kind.ASSIGNED.label, max_length=10, choices=MailChoice.choices, default="instant")
    mentioned = models.CharField(Kind.MENTIONED.label, max_length=10, choices=MailChoice.choices, default="instant")
    status_changed = models.CharField(
        Kind.STATUS_CHANGED.label, max_length=10, choices=MailChoice.choices, default="instant"
    )
    update_returned = models.CharField(
        Kind.UPDATE_RETURNED.label, max_length=10, choices=MailChoice.choices, default="instant"
    )
    digest_repeats = models.BooleanField(
        _("meldingen die al per e-mail kwamen ook in de samenvatting opnemen"), default=False
    )

    class Meta:
        verbose_name = _("meldingsinstellingen")
        verbose_name_plural = _("meldingsinstellingen")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def of(cls, user) -> NotificationSettings:
        return cls.objects.filter(user=user).first() or cls(user=user)

    def mail_choice(self, kind: str) -> str:
        return getattr(self, kind)
