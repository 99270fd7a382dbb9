"""Key performance indicators of the workstreams and their measurements over time."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Standing(models.TextChoices):
    NO_TARGET = "no_target", _("Nog geen doel")
    NOT_MEASURED = "not_measured", _("Nog niet gemeten")
    BEHIND = "behind", _("Achter op doel")
    ON_TRACK = "on_track", _("Op schema")


# The badge colour of each standing (the status colours of the app's CSS).
STANDING_COLOURS = {
    Standing.NO_TARGET: "grey",
    Standing.NOT_MEASURED: "grey",
    Standing.BEHIND: "amber",
    Standing.ON_TRACK: "green",
}


class KPI(models.Model):
    class Kind(models.TextChoices):
        COUNT = "count", _("Aantal richting doel")
        ZERO = "zero", _("Moet nul blijven")
        MILESTONE = "milestone", _("Mijlpaal (behaald of niet)")

    class Direction(models.TextChoices):
        UP = "up", _("Hoger is beter")
        DOWN = "down", _("Lager is beter")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Handmatig gemeten")
        # Computed from a register by the rule of the same name in registers/kpi_rules.py.
        COLLABORATIONS_STARTED = "collaborations_started", _("Register: gestarte samenwerkingen en opschalingen")
        OPEN_SHORTAGES = "open_shortages", _("Register: open tekorten voor vaccins en geneesmiddelen")
        SUPPORTERS = "supporters", _("Register: partijen die hun steun bevestigden")
        OVERVIEW_DELIVERED = "overview_delivered", _("Register: mijlpaal opgeleverd")

    seed_key = models.CharField(max_length=50, unique=True, null=True, blank=True, editable=False)
    workstream = models.ForeignKey(
        "workstreams.Workstream",
        on_delete=models.CASCADE,
        related_name="kpis",
        verbose_name=_("werkstroom"),
    )
    name = models.CharField(_("naam"), max_length=200)
    text = models.TextField(_("tekst uit het voorstel"))
    definition = models.TextField(_("meetbare definitie"), blank=True)
    unit = models.CharField(_("eenheid"), max_length=50, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.COUNT)
    target = models.DecimalField(
        pgettext_lazy("KPI target", "doel"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    direction = models.CharField(_("richting"), max_length=4, choices=Direction.choices, default=Direction.UP)
    source = models.CharField(_("bron"), max_length=30, choices=Source.choices, default=Source.MANUAL)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["workstream__position", "position", "id"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPI's")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("kpis:detail", args=[self.pk])

    @classmethod
    def workstream_model(cls):
        """The Workstream model, reached through the relation: workstreams builds on this app (a
        workstream's status counts its KPIs behind target), so this app never imports it."""
        return cls._meta.get_field("workstream").related_model

    def latest(self) -> Measurement | None:
        """The most recent measurement (uses prefetched measurements when there are any)."""
        return next(iter(self.measurements.all()), None)

    def latest_value(self) -> Decimal | None:
        latest = self.latest()
        return latest.value if latest else None

    @property
    def is_computed(self) -> bool:
        """Counted from a register by registers.kpi_rules instead of measured by hand."""
        return self.source != self.Source.MANUAL

    def standing(self, latest: Decimal | None, elapsed_share: float = 1.0) -> str:
        """Where the KPI stands: the one rule behind every badge, card, report and status.

        A KPI without a target has none to be behind (a must-stay-zero KPI's target is zero); a
        hand-measured KPI nobody measured yet is "not measured", not behind. A must-stay-zero KPI is
        behind as soon as it is above zero; a milestone once the 11-week mark has passed unreached;
        a count when it trails the straight line to its target; a lower-is-better one above target.
        """
        if self.kind == self.Kind.ZERO:
            if latest is None:
                return Standing.NOT_MEASURED
            return Standing.BEHIND if latest > (self.target or 0) else Standing.ON_TRACK
        if self.target is None:
            return Standing.NO_TARGET
        if self.kind == self.Kind.MILESTONE:
            if elapsed_share >= 11 / 12 and (latest is None or latest < self.target):
                return Standing.BEHIND
            return Standing.NOT_MEASURED if latest is None else Standing.ON_TRACK
        if latest is None:
            return Standing.NOT_MEASURED
        if self.direction == self.Direction.DOWN:
            return Standing.BEHIND if latest > self.target else Standing.ON_TRACK
        return Standing.BEHIND if latest < self.target * Decimal(str(elapsed_share)) else Standing.ON_TRACK

    def is_behind(self, latest: Decimal | None, elapsed_share: float = 1.0) -> bool:
        return self.standing(latest, elapsed_share) == Standing.BEHIND


class Measurement(models.Model):
    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("datum"), default=timezone.localdate)
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    # Computed values come from a register rule (daily job), not a person.
    computed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic lock (taskforce.versioning): a correction that started from an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    # Corrections and deletions are kept with who, when and why ("Correcties" on the KPI's page).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["kpi", "-date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "date"],
                condition=models.Q(computed=True),
                name="one_computed_value_a_day",
            )
        ]
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value} ({self.date})"

    @property
    def note_shown(self) -> str:
        """A computed value's note in the reader's language (the stored one is in the language of the run)."""
        return str(_("Berekend uit het register")) if self.computed else self.note
