"""The weekly rhythm: each workstream's update before a taskforce meeting, reviewed; recovery plans
for red workstreams; frozen trajectories (baselines) to measure progress against; and the facts of
each frozen progress report, so two reports can be compared.

An update is for one taskforce meeting (its date) and one workstream. The trekker (or the member
they delegate) keeps a draft; submitting it stores a numbered, unchangeable version; the taskforce
approves that version or returns it with comments per section. Every version and comment stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workstreams.models import Action, Workstream

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Rating(models.TextChoices):
    """Delivery confidence. Three levels by default; the five-level scale adds the two mixed ones."""

    GREEN = "green", _("Groen")
    AMBER_GREEN = "amber_green", _("Amber/groen")
    AMBER = "amber", _("Amber")
    AMBER_RED = "amber_red", _("Amber/rood")
    RED = "red", _("Rood")


THREE_LEVELS = (Rating.GREEN, Rating.AMBER, Rating.RED)
# Ratings that mean "red" for recovery plans and the agenda.
RED_RATINGS = (Rating.RED, Rating.AMBER_RED)
# The order used to say which of two ratings is the more worried one.
RATING_ORDER = {rating: i for i, rating in enumerate(Rating.values)}


class Frozen(models.Model):
    """A record that never changes once written (versions, comments, baselines, report facts)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"A {type(self).__name__} never changes.")
        super().save(*args, **kwargs)


class UpdateSettings(models.Model):
    """The secretariat's settings of the weekly rhythm (one row; edited in the admin)."""

    class Scale(models.IntegerChoices):
        THREE = 3, _("Drie niveaus: groen, amber, rood")
        FIVE = 5, _("Vijf niveaus: groen, amber/groen, amber, amber/rood, rood")

    scale = models.PositiveSmallIntegerField(_("schaal van het vertrouwensoordeel"), choices=Scale.choices, default=3)
    reminder_days = models.PositiveSmallIntegerField(
        _("eerste herinnering (dagen voor de vergadering)"),
        default=2,
        help_text=_("De tweede herinnering gaat op de ochtend van de dag voor de vergadering."),
    )
    recovery_days = models.PositiveSmallIntegerField(_("herstelplan binnen (dagen)"), default=7)

    class Meta:
        verbose_name = _("instellingen weekritme")
        verbose_name_plural = _("instellingen weekritme")

    def __str__(self) -> str:
        return str(_("Instellingen weekritme"))

    @classmethod
    def current(cls) -> UpdateSettings:
        """The one row, made with the defaults when missing."""
        found = cls.objects.order_by("id").first()
        return found or cls.objects.create()

    def rating_choices(self) -> list[tuple[str, StrOrPromise]]:
        allowed = Rating.values if self.scale == self.Scale.FIVE else THREE_LEVELS
        return [(value, label) for value, label in Rating.choices if value in allowed]


class Delegate(models.Model):
    """The member a trekker lets write the workstream's updates."""

    workstream = models.OneToOneField(Workstream, on_delete=models.CASCADE, related_name="update_delegate")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("gedelegeerde"))

    class Meta:
        verbose_name = _("gedelegeerde voor updates")
        verbose_name_plural = _("gedelegeerden voor updates")

    def __str__(self) -> str:
        return f"{self.user} ({self.workstream})"


class UpdateQuerySet(models.QuerySet):
    def for_meeting(self, meeting_date):
        return self.filter(meeting_date=meeting_date)


class WorkstreamUpdate(models.Model):
    """A workstream's update for one taskforce meeting: the draft being written and its state."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Concept")
        SUBMITTED = "submitted", _("Ingediend, wacht op beoordeling")
        RETURNED = "returned", _("Teruggestuurd")
        APPROVED = "approved", _("Goedgekeurd")

    # States in which the update is "in" (the reminders stop).
    IN = (State.SUBMITTED, State.APPROVED)

    workstream = models.ForeignKey(
        Workstream, on_delete=models.CASCADE, related_name="updates", verbose_name=_("werkstroom")
    )
    meeting_date = models.DateField(_("voor de vergadering van"))
    state = models.CharField(_("stand"), max_length=10, choices=State.choices, default=State.DRAFT)
    # The draft: what is being written now (a submitted version is copied from it).
    rating = models.CharField(_("vertrouwensoordeel"), max_length=12, choices=Rating.choices, blank=True)
    rationale = models.TextField(_("onderbouwing"), blank=True)
    path_to_green = models.TextField(_("nodig voor groen"), blank=True)
    # [{"kind": "risk" | "blocker", "text": "...", "actions": [action ids]}]
    risks = models.JSONField(_("risico's en blokkades"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("begonnen door")
    )
    created_at = models.DateTimeField(_("begonnen op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    # Optimistic lock, as on actions: a save that started from an older version is refused.
    version = models.PositiveIntegerField(default=1)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting_date", "workstream__position"]
        constraints = [
            models.UniqueConstraint(fields=["workstream", "meeting_date"], name="one_update_per_meeting"),
        ]
        indexes = [models.Index(fields=["meeting_date", "state"])]
        verbose_name = _("werkstroomupdate")
        verbose_name_plural = _("werkstroomupdates")

    def __str__(self) -> str:
        return f"{self.workstream} {self.meeting_date:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("updates:detail", args=[self.pk])

    @property
    def is_in(self) -> bool:
        return self.state in self.IN

    @property
    def editable(self) -> bool:
        """Drafts and returned updates are written on; a submitted one waits for its review."""
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    def latest_version(self) -> UpdateVersion | None:
        """The version under review (or last reviewed): only this one is ever judged."""
        return self.versions.order_by("-number").first()


class UpdateVersion(Frozen):
    """One submitted version of an update, exactly as it was submitted, with its review."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Goedgekeurd")
        RETURNED = "returned", _("Teruggestuurd")

    update = models.ForeignKey(WorkstreamUpdate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versie"))
    rating = models.CharField(_("vertrouwensoordeel"), max_length=12, choices=Rating.choices)
    rationale = models.TextField(_("onderbouwing"))
    path_to_green = models.TextField(_("nodig voor groen"), blank=True)
    risks = models.JSONField(_("risico's en blokkades"), default=list, blank=True)
    # The computed status when it was submitted, so the review sees both side by side.
    computed_colour = models.CharField(_("berekende status"), max_length=10)
    computed_reasons = models.JSONField(default=list)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ingediend door")
    )
    submitted_at = models.DateTimeField(_("ingediend op"))

    class Meta:
        ordering = ["update", "number"]
        constraints = [models.UniqueConstraint(fields=["update", "number"], name="one_version_number")]
        verbose_name = _("versie van een update")
        verbose_name_plural = _("versies van updates")

    def __str__(self) -> str:
        return f"{self.update} v{self.number}"

    @property
    def computed_label(self) -> str:
        from workstreams.status import Status

        return Status(self.computed_colour).label


class Review(Frozen):
    """The taskforce's decision on one version: approved, or returned with comments."""

    version = models.OneToOneField(UpdateVersion, on_delete=models.CASCADE, related_name="review")
    decision = models.CharField(_("besluit"), max_length=10, choices=UpdateVersion.Decision.choices)
    # The reviewer's own rating, where they judge differently (blank: no own rating).
    rating = models.CharField(_("eigen oordeel beoordelaar"), max_length=12, choices=Rating.choices, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("beoordelaar")
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"))

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")

    def __str__(self) -> str:
        return f"{self.version}: {self.get_decision_display()}"

    @property
    def disagrees(self) -> bool:
        return bool(self.rating) and self.rating != self.version.rating


class ReviewComment(Frozen):
    class Section(models.TextChoices):
        RATING = "rating", _("Vertrouwensoordeel")
        RATIONALE = "rationale", _("Onderbouwing")
        PATH_TO_GREEN = "path_to_green", _("Nodig voor groen")
        RISKS = "risks", _("Risico's en blokkades")
        GENERAL = "general", _("Algemeen")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(_("onderdeel"), max_length=15, choices=Section.choices)
    text = models.TextField(_("opmerking"))

    class Meta:
        ordering = ["review", "id"]
        verbose_name = _("opmerking bij een beoordeling")
        verbose_name_plural = _("opmerkingen bij beoordelingen")

    def __str__(self) -> str:
        return self.text[:60]


class RecoveryPlan(models.Model):
    """What a red workstream will change, by whom and by when; due within UpdateSettings.recovery_days.
    The taskforce closes it as done or superseded (a superseded plan is followed by a new one)."""

    class Outcome(models.TextChoices):
        DONE = "done", _("Uitgevoerd")
        SUPERSEDED = "superseded", _("Vervangen door een nieuw plan")

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="recovery_plans")
    reason = models.CharField(_("aanleiding"), max_length=300)
    opened_on = models.DateField(_("gevraagd op"))
    due_date = models.DateField(_("uiterlijk"))
    what_changes = models.TextField(_("wat er verandert"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door wie"),
    )
    by_when = models.DateField(_("wanneer weer op koers"), null=True, blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="recovery_plans", verbose_name=_("acties"))
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    outcome = models.CharField(_("afgesloten als"), max_length=10, choices=Outcome.choices, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgesloten door"),
    )
    closing_note = models.TextField(_("toelichting bij het afsluiten"), blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            # One open plan per workstream at a time.
            models.UniqueConstraint(
                fields=["workstream"], condition=models.Q(closed_on__isnull=True), name="one_open_recovery_plan"
            )
        ]
        verbose_name = _("herstelplan")
        verbose_name_plural = _("herstelplannen")

    def __str__(self) -> str:
        return f"{self.workstream} {self.opened_on:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("updates:recovery", args=[self.workstream.slug])

    def is_overdue(self, today) -> bool:
        return self.submitted_at is None and self.closed_on is None and today > self.due_date


class Baseline(Frozen):
    """The plan frozen at the start, or at a re-baseline (with its reason): per workstream the actions
    planned done by the end of each week, per KPI its planned value by week."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    created_at = models.DateTimeField(_("vastgelegd op"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("door")
    )
    reason = models.TextField(_("reden"), blank=True)
    # {"<workstream id>": {"actions": [planned done by end of week 1..12], "kpis": {"<kpi id>": [value by week]}}}
    plan = models.JSONField()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("basislijn")
        verbose_name_plural = _("basislijnen")

    def __str__(self) -> str:
        return f"{_('Basislijn')} {self.number}"


class ReportFacts(Frozen):
    """The facts of one frozen progress report (by its token) that the comparison page sets side by side."""

    token = models.SlugField(max_length=40, unique=True)
    created_at = models.DateTimeField()
    week = models.SmallIntegerField()
    facts = models.JSONField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feiten van een voortgangsrapportage")
        verbose_name_plural = _("feiten van voortgangsrapportages")

    def __str__(self) -> str:
        return f"{self.token} (week {self.week})"
