"""Writes of the publications: publishing a frozen report and revoking its link."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from dashboards.models import ProgressReport
from publications.models import Publication
from taskforce.models import Organisation, User


class AlreadyPublished(Exception):
    """The report already has a live publication (its link must be revoked first)."""


def publication_create(
    *,
    report: ProgressReport,
    user: User,
    title: str,
    category: str,
    document_date: dt.date,
    organisation: Organisation,
    grounds: list[str],
    left_out: str,
) -> Publication:
    try:
        # The savepoint keeps an outer transaction usable after the constraint refused a second live link.
        with transaction.atomic():
            return Publication.objects.create(
                report=report,
                published_by=user,
                title=title,
                category=category,
                document_date=document_date,
                organisation=organisation,
                grounds=grounds,
                left_out=left_out,
            )
    except IntegrityError as error:
        raise AlreadyPublished from error


def publication_revoke(*, publication: Publication, user: User) -> bool:
    """Revokes the link at once; False when it was already revoked (two clicks, two people)."""
    return bool(
        Publication.objects.filter(pk=publication.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=user
        )
    )
