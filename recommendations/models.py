"""The special envoy's 15 recommendations and how the taskforce follows each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from taskforce.models import Deadline, Organisation, OrganisationLink
from taskforce.permissions import can_edit_recommendation
from workstreams.models import Action, Workstream
from workstreams.status import SIDELINE, Figures, Status, status_for


@dataclass
class WorkstreamShare:
    """The actions one workstream runs for one recommendation."""

    workstream: Workstream
    open: int = 0
    done: int = 0


@dataclass
class Progress:
    figures: Figures
    status: Status
    workstreams: list[WorkstreamShare] = field(default_factory=list)


class RecommendationQuerySet(models.QuerySet):
    def for_overview(self):
        """Everything the list and detail pages show, in a fixed number of queries."""
        return self.prefetch_related(
            models.Prefetch("owner_links", queryset=RecommendationOwner.objects.select_related("organisation")),
            "workstreams",
            models.Prefetch("actions", queryset=Action.objects.select_related("workstream", "owner")),
        )


class Recommendation(models.Model):
    class Theme(models.TextChoices):
        # The groups of the proposal's introduction table and of its section 7.
        VERBINDEN = "verbinden", _("Verbinden")
        VOORKOMEN = "voorkomen", _("Voorkomen")
        VOORBEREIDEN = "voorbereiden", _("Voorbereiden")
        SUPPLY_CHAIN = "supply_chain", _("Supply chain")
        REGULATION = "regulation", _("Wet- en regelgeving")
        COMMUNICATION = "communication", _("Communicatie")

    class Tracking(models.TextChoices):
        PURSUED = "pursued", _("Actief opgepakt door de taskforce")
        SIDELINE = "sideline", _("Zijdelings gevolgd (elders belegd)")

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=300)
    theme = models.CharField(_("thema"), max_length=20, choices=Theme.choices)
    tracking = models.CharField(_("wijze van opvolging"), max_length=20, choices=Tracking.choices)
    owners: models.ManyToManyField[Organisation, RecommendationOwner] = models.ManyToManyField(
        Organisation,
        through="RecommendationOwner",
        related_name="recommendations",
        verbose_name=_("eigenaren"),
    )
    workstreams = models.ManyToManyField(
        "workstreams.Workstream",
        blank=True,
        related_name="recommendations",
        verbose_name=_("werkstromen"),
    )
    # For recommendations followed on the side: the last thing heard from the owner.
    last_signal_date = models.DateField(_("laatste signaal van eigenaar"), null=True, blank=True)
    last_signal_note = models.TextField(_("toelichting laatste signaal"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1) & models.Q(number__lte=15),
                name="recommendation_number_1_to_15",
            )
        ]
        verbose_name = _("aanbeveling")
        verbose_name_plural = _("aanbevelingen")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:detail", args=[self.number])

    @property
    def is_pursued(self) -> bool:
        return self.tracking == self.Tracking.PURSUED

    def takes_signal_from(self, user) -> bool:
        """Whether this person may record the owner's last signal: only recommendations followed on the
        side take one (pursued ones are followed through their actions)."""
        return not self.is_pursued and can_edit_recommendation(user)

    def signal_record(self, *, date: dt.date, note: str) -> None:
        """Keeps the last thing heard from the owner (the history keeps the earlier ones)."""
        self.last_signal_date = date
        self.last_signal_note = note
        self.save(update_fields=["last_signal_date", "last_signal_note", "updated_at"])

    def progress(self, deadline, today: dt.date | None = None, now: dt.datetime | None = None) -> Progress:
        """Figures, status and per-workstream counts from the (prefetched) actions serving it."""
        actions = list(self.actions.all())
        figures = Figures.from_actions(actions, today, now)
        shares = {ws.pk: WorkstreamShare(ws) for ws in self.workstreams.all()}
        for action in actions:
            if action.status == Action.Status.DROPPED:
                continue
            share = shares.setdefault(action.workstream_id, WorkstreamShare(action.workstream))
            if action.status == Action.Status.DONE:
                share.done += 1
            else:
                share.open += 1
        ordered = sorted(shares.values(), key=lambda s: (s.workstream.position, s.workstream.name))
        return Progress(figures, self.status(figures, deadline), ordered)

    def status(self, figures: Figures, deadline: Deadline) -> Status:
        """A recommendation followed on the side shows as such; a pursued one follows its actions."""
        if not self.is_pursued:
            return Status(SIDELINE, [gettext("Elders belegd; de taskforce volgt dit zijdelings.")])
        return status_for(figures, deadline)

    def owner_list(self) -> list[Organisation]:
        """Owners in the document's order (works on prefetched owner_links)."""
        return [link.organisation for link in self.owner_links.all()]


class RecommendationOwner(OrganisationLink):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="owner_links")

    class Meta(OrganisationLink.Meta):
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "organisation"], name="unique_recommendation_owner")
        ]
        verbose_name = _("eigenaar")
        verbose_name_plural = _("eigenaren")
