"""A spreadsheet of actions uploaded to change many at once: read in the background, previewed row by
row, and applied only when its author confirms."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActionImport(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("In de wachtrij")
        RUNNING = "running", _("Wordt gelezen")
        READY = "ready", _("Klaar om te bevestigen")
        FAILED = "failed", _("Niet te lezen")
        APPLIED = "applied", _("Doorgevoerd")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=255)
    filename = models.CharField(max_length=150)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # One dict per row of the file (imports.preview.RowResult as data), in the file's order.
    rows = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import van acties")
        verbose_name_plural = _("imports van acties")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", args=[self.pk])

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_working(self) -> bool:
        return self.state in (self.State.PENDING, self.State.RUNNING)

    def counts(self) -> dict[str, int]:
        counts = {"unchanged": 0, "changed": 0, "error": 0, "conflict": 0}
        for row in self.rows:
            counts[row["outcome"]] += 1
        return counts
