"""Frozen progress reports made public under the Woo (Wet open overheid): a secret link per publication,
with the metadata the Woo asks for, until the secretariat revokes it."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dashboards.models import ProgressReport
from taskforce.models import Organisation

# 32 random bytes: 256 bits, far beyond guessing (the brief of a public link is at least 128).
TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class Category(models.TextChoices):
    """The information categories of Woo article 3.3, second paragraph (a–q), and 3.1 for the rest."""

    LEGISLATION = "3.3.2a", _("Wet- en regelgeving")
    GENERAL_DECISIONS = "3.3.2b", _("Overige besluiten van algemene strekking")
    DRAFT_LEGISLATION = "3.3.2c", _("Ontwerpen van wet- en regelgeving met adviesaanvraag")
    ORGANISATION = "3.3.2d", _("Organisatie en werkwijze")
    CONTACT = "3.3.2e", _("Bereikbaarheidsgegevens")
    REPRESENTATIVE_BODIES = "3.3.2f", _("Bij vertegenwoordigende organen ingekomen stukken")
    PARLIAMENT = "3.3.2g", _("Vergaderstukken Staten-Generaal")
    DECENTRAL = "3.3.2h", _("Vergaderstukken decentrale overheden")
    AGENDAS = "3.3.2i", _("Agenda's en besluitenlijsten bestuurscolleges")
    ADVICE = "3.3.2j", _("Adviezen")
    COVENANTS = "3.3.2k", _("Convenanten")
    ANNUAL_PLANS = "3.3.2l", _("Jaarplannen en jaarverslagen")
    SUBSIDIES = "3.3.2m", _("Subsidieverplichtingen anders dan met beschikking")
    WOO_REQUESTS = "3.3.2n", _("Woo-verzoeken en -besluiten")
    RESEARCH = "3.3.2o", _("Onderzoeksrapporten")
    DECISIONS = "3.3.2p", _("Beschikkingen")
    COMPLAINTS = "3.3.2q", _("Klachtoordelen")
    OTHER = "3.1", _("Overige informatie van publiek belang (art. 3.1)")


class Ground(models.TextChoices):
    """Why information was left out: the exceptions of Woo articles 5.1 and 5.2."""

    CROWN = "5.1.1a", _("5.1 lid 1a: de eenheid van de Kroon")
    STATE_SECURITY = "5.1.1b", _("5.1 lid 1b: de veiligheid van de Staat")
    CONFIDENTIAL_BUSINESS = "5.1.1c", _("5.1 lid 1c: vertrouwelijk verstrekte bedrijfs- en fabricagegegevens")
    SPECIAL_PERSONAL_DATA = "5.1.1d", _("5.1 lid 1d: bijzondere persoonsgegevens")
    IDENTIFICATION_NUMBERS = "5.1.1e", _("5.1 lid 1e: identificatienummers")
    INTERNATIONAL_RELATIONS = (
        "5.1.2a",
        _("5.1 lid 2a: de betrekkingen met andere staten en internationale organisaties"),
    )
    ECONOMIC_INTERESTS = "5.1.2b", _("5.1 lid 2b: de economische of financiële belangen van de Staat")
    CRIMINAL_INVESTIGATION = "5.1.2c", _("5.1 lid 2c: de opsporing en vervolging van strafbare feiten")
    SUPERVISION = "5.1.2d", _("5.1 lid 2d: inspectie, controle en toezicht door bestuursorganen")
    PRIVACY = "5.1.2e", _("5.1 lid 2e: de eerbiediging van de persoonlijke levenssfeer")
    COMPETITIVE_DATA = "5.1.2f", _("5.1 lid 2f: concurrentiegevoelige bedrijfs- en fabricagegegevens")
    ENVIRONMENT = "5.1.2g", _("5.1 lid 2g: de bescherming van het milieu")
    PERSONAL_SECURITY = "5.1.2h", _("5.1 lid 2h: de beveiliging van personen of bedrijven")
    FUNCTIONING_OF_STATE = "5.1.2i", _("5.1 lid 2i: het goed functioneren van de Staat of bestuursorganen")
    DISPROPORTIONATE_HARM = "5.1.5", _("5.1 lid 5: onevenredige benadeling")
    POLICY_OPINIONS = "5.2", _("5.2: persoonlijke beleidsopvattingen in intern beraad")


class PublicationQuerySet(models.QuerySet):
    def live(self) -> PublicationQuerySet:
        return self.filter(revoked_at__isnull=True)


class Publication(models.Model):
    """One frozen report made public under its own link; revoked, the link answers 410 for good."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("rapportage"), on_delete=models.PROTECT, related_name="publications"
    )
    token = models.CharField(max_length=64, unique=True, editable=False, default=new_token)
    title = models.CharField(_("titel"), max_length=200)
    category = models.CharField(_("informatiecategorie"), max_length=10, choices=Category.choices)
    document_date = models.DateField(_("datum document"))
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("verantwoordelijke organisatie"), on_delete=models.PROTECT
    )
    grounds = models.JSONField(_("weigeringsgronden"), default=list, blank=True)
    left_out = models.TextField(_("wat is weggelaten"), blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gepubliceerd door"), null=True, on_delete=models.SET_NULL
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            # Publishing the same report twice would give two links to revoke; one live link per report.
            models.UniqueConstraint(
                fields=["report"], condition=Q(revoked_at__isnull=True), name="one_live_publication_per_report"
            )
        ]
        verbose_name = _("openbaarmaking")
        verbose_name_plural = _("openbaarmakingen")

    def __str__(self) -> str:
        return self.title

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None

    def ground_labels(self) -> list[str]:
        labels = dict(Ground.choices)
        return [str(labels.get(ground, ground)) for ground in self.grounds]
