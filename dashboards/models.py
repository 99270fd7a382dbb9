"""What the dashboards keep: each workstream's daily figures and the frozen progress reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taskforce.models import Organisation
from workstreams.models import Workstream


class WorkstreamSnapshot(models.Model):
    """A workstream's figures on one day, so burn-up charts and trends show the past."""

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField(_("datum"))
    actions_total = models.PositiveIntegerField(default=0)
    actions_done = models.PositiveIntegerField(default=0)
    actions_overdue = models.PositiveIntegerField(default=0)
    actions_blocked = models.PositiveIntegerField(default=0)
    actions_stale = models.PositiveIntegerField(default=0)
    kpis_behind = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10)
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "workstreams_workstreamsnapshot"
        ordering = ["workstream", "date"]
        constraints = [models.UniqueConstraint(fields=["workstream", "date"], name="one_snapshot_a_day")]
        verbose_name = _("dagstand werkstroom")
        verbose_name_plural = _("dagstanden werkstromen")

    def __str__(self) -> str:
        return f"{self.workstream} {self.date}: {self.status}"


class ProgressReport(models.Model):
    """A frozen progress report (voortgangsrapportage): what was reported, exactly, on that day."""

    token = models.SlugField(max_length=40, unique=True, editable=False)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        null=True,
        on_delete=models.SET_NULL,
    )
    week = models.SmallIntegerField(_("week"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    html = models.TextField(editable=False)
    pdf = models.BinaryField(editable=False)

    class Meta:
        # Tables keep the names they had before dashboards became an app of their own.
        db_table = "taskforce_progressreport"
        ordering = ["-created_at"]
        verbose_name = _("voortgangsrapportage")
        verbose_name_plural = _("voortgangsrapportages")

    def __str__(self) -> str:
        return f"{_('Voortgangsrapportage')} {timezone.localtime(self.created_at):%d-%m-%Y %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A frozen progress report never changes.")
        super().save(*args, **kwargs)
