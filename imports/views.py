"""Upload an edited actions export, watch it being read, check the preview, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from attachments.validation import limits_text
from imports import services
from imports.forms import ImportForm
from imports.models import ActionImport
from taskforce.permissions import can_import_actions


def _get_import(request: HttpRequest, pk: int) -> ActionImport:
    """An import is its author's own: nobody else sees the rows it read."""
    if not can_import_actions(request.user):
        raise PermissionDenied
    return get_object_or_404(ActionImport, pk=pk, created_by=request.user)


def import_new(request: HttpRequest) -> HttpResponse:
    if not can_import_actions(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        action_import = services.action_import_start(
            user=request.user, upload=form.cleaned_data["file"], filename=form.cleaned_data["filename"]
        )
        return redirect(action_import)
    return render(
        request,
        "imports/new.html",
        {"form": form, "limits": limits_text()},
        status=400 if form.is_bound else 200,
    )


def _context(action_import: ActionImport) -> dict:
    return {"import": action_import, "counts": action_import.counts()}


@require_safe
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "imports/detail.html", _context(_get_import(request, pk)))


@require_safe
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the page htmx polls while the file is read; once read, the preview itself."""
    return render(request, "imports/_progress.html", _context(_get_import(request, pk)))


@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    action_import = _get_import(request, pk)
    try:
        count = services.action_import_apply(action_import=action_import, user=request.user)
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect(action_import)
    done = ngettext("%(count)s actie bijgewerkt.", "%(count)s acties bijgewerkt.", count)
    messages.success(request, done % {"count": count})
    return redirect(action_import)
