"""The taskforce's mandate, its budget lines and commitments, milestones and work delegated outside the app.

Section 6 of the proposal (*Governance en proces*): a defined mandate is a precondition for the
12 weeks, commissioning external parties needs a budget and an instrument, and work goes where it
normally belongs. Amounts are exact decimals in euro; sums are taken in SQL.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from taskforce.models import Organisation, Taskforce
from workstreams.models import STALE_AFTER_DAYS, Action, Workstream

ZERO = Decimal("0.00")


def money_field(verbose_name):
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )


class Mandate(models.Model):
    """What the taskforce may do, who granted it and when; one per taskforce, its changes in the history."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Aangevraagd")
        GRANTED = "granted", _("Verleend")
        CHANGED = "changed", _("Gewijzigd")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    # A granted mandate that was later changed still holds.
    IN_FORCE = (Status.GRANTED, Status.CHANGED)

    taskforce = models.OneToOneField(Taskforce, on_delete=models.CASCADE, related_name="mandate")
    scope = models.TextField(_("wat het mandaat omvat"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    granted_by = models.CharField(_("verleend door"), max_length=200, blank=True)
    granted_on = models.DateField(_("verleend op"), null=True, blank=True)
    decision_document = models.CharField(
        _("besluitdocument"), max_length=300, blank=True, help_text=_("Kenmerk of link van het besluit.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandaat")
        verbose_name_plural = _("mandaten")

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.scope[:60]}"

    @property
    def in_force(self) -> bool:
        return self.status in self.IN_FORCE


class BudgetLineQuerySet(models.QuerySet):
    def with_sums(self):
        """Each line with what is committed (approved or further) and what is left, summed in SQL."""
        committed = Coalesce(
            Sum("commitments__amount", filter=Q(commitments__status__in=Commitment.COMMITTED)),
            ZERO,
            output_field=models.DecimalField(max_digits=14, decimal_places=2),
        )
        requested = Coalesce(
            Sum("commitments__amount", filter=Q(commitments__status=Commitment.Status.REQUESTED)),
            ZERO,
            output_field=models.DecimalField(max_digits=14, decimal_places=2),
        )
        paid = Coalesce(
            Sum("commitments__amount", filter=Q(commitments__status=Commitment.Status.PAID)),
            ZERO,
            output_field=models.DecimalField(max_digits=14, decimal_places=2),
        )
        return self.annotate(committed=committed, requested=requested, paid=paid).annotate(
            remaining=models.F("amount") - models.F("committed")
        )


class BudgetLine(models.Model):
    """Money for one workstream from one source through one instrument, for a period."""

    class Instrument(models.TextChoices):
        ASSIGNMENT = "assignment", _("Opdracht")
        SUBSIDY = "subsidy", _("Subsidie")
        GRANT = "grant", _("Bijdrage")
        IN_KIND = "in_kind", _("In natura")
        OTHER = "other", _("Overig")

    workstream = models.ForeignKey(
        Workstream, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("werkstroom")
    )
    name = models.CharField(_("omschrijving"), max_length=200)
    source = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="budget_lines",
        verbose_name=_("bron"),
        help_text=_("Het ministerie of de andere partij die het geld beschikbaar stelt."),
    )
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    amount = money_field(_("bedrag (euro)"))
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    note = models.TextField(_("interne notitie"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["workstream__position", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_line_amount_positive"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="budget_line_period"),
        ]
        verbose_name = _("budgetregel")
        verbose_name_plural = _("budgetregels")

    def __str__(self) -> str:
        return f"{self.name} ({self.workstream})"


class Commitment(models.Model):
    """Money promised to an external party from one budget line, followed from request to payment."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Aangevraagd")
        APPROVED = "approved", _("Goedgekeurd door de taskforce")
        CONTRACTED = "contracted", _("Gecontracteerd")
        DELIVERED = "delivered", _("Geleverd")
        PAID = "paid", _("Betaald")

    # The order of the life cycle: each step leads to the next one.
    STEPS = [Status.REQUESTED, Status.APPROVED, Status.CONTRACTED, Status.DELIVERED, Status.PAID]
    # From approval on, the money is taken from the line's room.
    COMMITTED = (Status.APPROVED, Status.CONTRACTED, Status.DELIVERED, Status.PAID)

    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("budgetregel")
    )
    party = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("partij")
    )
    description = models.CharField(_("wat er gevraagd wordt"), max_length=300)
    amount = money_field(_("bedrag (euro)"))
    actions = models.ManyToManyField(Action, blank=True, related_name="commitments", verbose_name=_("acties"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    note = models.TextField(_("interne notitie"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("aangevraagd door")
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    contracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contracted_at = models.DateTimeField(null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivered_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="commitment_amount_positive")]
        verbose_name = _("verplichting")
        verbose_name_plural = _("verplichtingen")

    def __str__(self) -> str:
        return f"{self.party}: {self.description}"

    def get_absolute_url(self) -> str:
        return reverse("mandate:commitment", args=[self.pk])

    @property
    def next_status(self) -> str | None:
        index = self.STEPS.index(self.Status(self.status))
        return self.STEPS[index + 1] if index + 1 < len(self.STEPS) else None

    def steps(self) -> list[tuple[StrOrPromise, object, dt.datetime | None, bool]]:
        """(label, by whom, when, reached) per step of the life cycle."""
        reached = self.STEPS.index(self.Status(self.status))
        return [
            (
                step.label,
                getattr(self, f"{step.value}_by"),
                getattr(self, f"{step.value}_at"),
                index <= reached,
            )
            for index, step in enumerate(self.STEPS)
        ]


class Milestone(models.Model):
    """A named date with a target share of actions started or done ("before the summer: most filled in")."""

    class Measure(models.TextChoices):
        STARTED = "started", _("gestart of afgerond")
        DONE = "done", _("afgerond")

    name = models.CharField(_("naam"), max_length=200)
    date = models.DateField(_("datum"))
    target_percent = models.PositiveSmallIntegerField(
        _("doel (% van de acties)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    measure = models.CharField(_("telt acties die"), max_length=10, choices=Measure.choices, default=Measure.STARTED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_percent__gte=1) & Q(target_percent__lte=100), name="milestone_target_percent"
            )
        ]
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")

    def __str__(self) -> str:
        return self.name


class Delegation(models.Model):
    """An action carried out by an organisation outside the app; the taskforce follows its last signal."""

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="delegation")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("organisatie")
    )
    contact = models.CharField(_("contactpersoon"), max_length=200)
    expected_date = models.DateField(_("verwacht gereed"), null=True, blank=True)
    last_signal_date = models.DateField(_("laatste signaal"), null=True, blank=True)
    last_signal_note = models.TextField(_("toelichting laatste signaal"), blank=True)
    delegated_on = models.DateField(_("belegd op"), default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("belegde actie")
        verbose_name_plural = _("belegde acties")

    def __str__(self) -> str:
        return f"{self.action} → {self.organisation}"

    def signal_reason(self) -> str:
        """Why it is on the agenda: with whom it lies and when the taskforce last heard."""
        if self.last_signal_date:
            text = gettext("Belegd bij %(org)s (%(contact)s); laatste signaal %(date)s.")
        else:
            text = gettext("Belegd bij %(org)s (%(contact)s) op %(date)s; nog geen signaal.")
        date = self.last_signal_date or self.delegated_on
        return text % {"org": self.organisation, "contact": self.contact, "date": date.strftime("%d-%m-%Y")}

    def is_stale(self, today: dt.date | None = None) -> bool:
        """Open work with no signal for 14 days (counted from delegating when none came yet), or past its date."""
        today = today or timezone.localdate()
        if not self.action.is_open:
            return False
        heard = self.last_signal_date or self.delegated_on
        late = self.expected_date is not None and self.expected_date < today
        return late or heard < today - dt.timedelta(days=STALE_AFTER_DAYS)
