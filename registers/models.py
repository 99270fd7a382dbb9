"""The registers the workstreams keep and their KPIs are counted from.

Verbinden keeps collaborations, Voorkomen shortages, Voorbereiden supporters of a Pandemic
Preparedness production facility and its deliverables. Every record belongs to one workstream and
keeps its history (django-simple-history), so "solved, then reopened" stays visible.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from taskforce.permissions import can_edit_register


class RegisterRecord(models.Model):
    """What every register row has: its workstream, a note and who touched it when."""

    workstream = models.ForeignKey(
        "workstreams.Workstream",
        on_delete=models.PROTECT,
        verbose_name=_("werkstroom"),
        related_name="+",
    )
    note = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Optimistic lock: an edit that started from an older version is refused, not silently overwritten.
    version = models.PositiveIntegerField(default=1, editable=False)

    # Set by the generic views: the register's slug in the URL.
    register_slug = ""

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("registers:edit", args=[self.workstream.slug, self.register_slug, self.pk])

    # Attachments (attachments.models.Attachable): whoever keeps the register attaches documents.
    attachment_purposes = ("document",)

    @property
    def attachment_workstream_id(self) -> int:
        return self.workstream_id

    def can_attach(self, user) -> bool:
        return can_edit_register(user, self.workstream_id)


class Collaboration(RegisterRecord):
    """A collaboration of a Dutch company with a (foreign) vaccine manufacturer, or a scale-up."""

    class Kind(models.TextChoices):
        # The proposal's words: "drug substance alsook fill-and-finish, maar wellicht ook de distributie".
        DRUG_SUBSTANCE = "drug_substance", _("Drug substance")
        FILL_FINISH = "fill_finish", _("Fill-and-finish")
        DISTRIBUTION = "distribution", _("Distributie")
        EQUIPMENT = "equipment", _("Apparatuur")
        OTHER = "other", _("Overig")

    class Stage(models.TextChoices):
        LEAD = "lead", _("Lead")
        TALKS = "talks", _("In gesprek")
        STARTED = "started", _("Gestart")
        SCALED_UP = "scaled_up", _("Opgeschaald")
        ENDED = "ended", _("Beëindigd")

    # Stages in which a collaboration has (had) a start date.
    HAS_STARTED = (Stage.STARTED, Stage.SCALED_UP, Stage.ENDED)

    dutch_company = models.CharField(_("Nederlands bedrijf"), max_length=200)
    partner = models.CharField(_("buitenlandse vaccinfabrikant of partner"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    stage = models.CharField(_("fase"), max_length=20, choices=Stage.choices, default=Stage.LEAD)
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    scaled_up_on = models.DateField(_("opgeschaald op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    action = models.ForeignKey(
        "workstreams.Action",
        verbose_name=_("voortgekomen uit actie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collaborations",
    )
    event = models.CharField(
        _("voortgekomen uit evenement"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld een matchmaking event of het bidbook."),
    )
    evidence_url = models.URLField(_("link naar bewijs"), blank=True)

    history = HistoricalRecords()
    register_slug = "collaborations"

    class Meta:
        ordering = ["dutch_company", "partner", "id"]
        indexes = [models.Index(fields=["workstream", "stage"])]
        verbose_name = _("samenwerking")
        verbose_name_plural = _("samenwerkingen")

    def __str__(self) -> str:
        return f"{self.dutch_company} – {self.partner}"


class Shortage(RegisterRecord):
    """A shortage, existing or expected, in the vaccine production chain."""

    class Category(models.TextChoices):
        # "componenten, materialen, grondstoffen, apparatuur en menskracht"
        COMPONENT = "component", _("Component")
        MATERIAL = "material", _("Materiaal")
        RAW_MATERIAL = "raw_material", _("Grondstof")
        EQUIPMENT = "equipment", _("Apparatuur")
        STAFFING = "staffing", _("Menskracht")

    class Nature(models.TextChoices):
        EXISTING = "existing", _("Bestaand")
        EXPECTED = "expected", _("Verwacht")

    class Severity(models.TextChoices):
        LOW = "low", _("Laag")
        MEDIUM = "medium", _("Middel")
        HIGH = "high", _("Hoog")
        CRITICAL = "critical", _("Kritiek")

    class Status(models.TextChoices):
        SIGNALLED = "signalled", _("Gesignaleerd")
        BEING_SOLVED = "being_solved", _("Wordt opgelost")
        SOLVED = "solved", _("Opgelost")
        UNSOLVABLE = "unsolvable", _("Niet op te lossen")

    # A shortage that could not be solved still exists: it stays open (see registers.kpi_rules.open_shortages).
    OPEN = (Status.SIGNALLED, Status.BEING_SOLVED, Status.UNSOLVABLE)

    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices)
    item = models.CharField(_("wat is er tekort"), max_length=200)
    affects_vaccines = models.BooleanField(_("raakt vaccins"), default=False)
    affects_medicines = models.BooleanField(_("raakt geneesmiddelen"), default=False)
    products = models.CharField(
        _("welke vaccins of geneesmiddelen"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: COVID-19-vaccins, insuline."),
    )
    nature = models.CharField(_("bestaand of verwacht"), max_length=10, choices=Nature.choices)
    severity = models.CharField(_("ernst"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    solution = models.CharField(
        _("Nederlands bedrijf of maatregel die helpt"),
        max_length=300,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SIGNALLED)
    signalled_on = models.DateField(_("gesignaleerd op"), default=timezone.localdate)
    solved_on = models.DateField(_("opgelost op"), null=True, blank=True)

    history = HistoricalRecords()
    register_slug = "shortages"

    class Meta:
        ordering = ["-signalled_on", "-id"]
        indexes = [models.Index(fields=["workstream", "status"])]
        verbose_name = _("tekort")
        verbose_name_plural = _("tekorten")

    def __str__(self) -> str:
        return self.item

    def save(self, *args, **kwargs):
        # The solved date follows the status, so a reopened shortage never keeps an old solved date.
        if self.status == self.Status.SOLVED:
            self.solved_on = self.solved_on or timezone.localdate()
        else:
            self.solved_on = None
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def times_reopened(self) -> int:
        """How often the history shows this shortage going from solved back to open."""
        statuses = list(self.history.order_by("history_date", "history_id").values_list("status", flat=True))
        return sum(1 for before, after in pairwise(statuses) if before == "solved" and after != "solved")


class Supporter(RegisterRecord):
    """A party that confirmed interest in a Pandemic Preparedness production facility."""

    class Sector(models.TextChoices):
        PRIVATE = "private", _("Privaat")
        PUBLIC = "public", _("Publiek")

    class Confirmation(models.TextChoices):
        LETTER = "letter", _("Brief of intentieverklaring")
        EMAIL = "email", _("E-mail")
        MEETING = "meeting", _("In overleg of rondetafel")
        OTHER = "other", _("Anders")

    party = models.CharField(_("partij"), max_length=200)
    sector = models.CharField(_("privaat of publiek"), max_length=10, choices=Sector.choices)
    confirmed_on = models.DateField(
        _("bevestigd op"),
        null=True,
        blank=True,
        help_text=_("Leeg zolang de partij haar steun nog niet bevestigde."),
    )
    confirmation = models.CharField(_("hoe bevestigd"), max_length=10, choices=Confirmation.choices, blank=True)
    link = models.URLField(_("link naar bevestiging"), blank=True)

    history = HistoricalRecords()
    register_slug = "supporters"

    class Meta:
        ordering = ["party", "id"]
        constraints = [models.UniqueConstraint(fields=["workstream", "party"], name="one_supporter_per_party")]
        verbose_name = _("steunende partij")
        verbose_name_plural = _("steunende partijen")

    def __str__(self) -> str:
        return self.party


class Deliverable(RegisterRecord):
    """A milestone product of a workstream, such as the concrete overview of recommendations."""

    seed_key = models.CharField(max_length=50, unique=True, null=True, blank=True, editable=False)
    title = models.CharField(_("titel"), max_length=200)
    kpi = models.ForeignKey(
        "kpis.KPI",
        verbose_name=_("mijlpaal-KPI"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliverables",
        help_text=_("De KPI die op 1 gaat zodra dit product is opgeleverd."),
    )
    due_on = models.DateField(_("gepland op"), null=True, blank=True)
    delivered_on = models.DateField(_("opgeleverd op"), null=True, blank=True)
    document_url = models.URLField(_("link naar document"), blank=True)

    history = HistoricalRecords()
    register_slug = "deliverables"

    class Meta:
        ordering = ["due_on", "title", "id"]
        verbose_name = _("opleverproduct")
        verbose_name_plural = _("opleverproducten")

    def __str__(self) -> str:
        return self.title

    def is_delivered(self, today: dt.date | None = None) -> bool:
        return self.delivered_on is not None and self.delivered_on <= (today or timezone.localdate())
