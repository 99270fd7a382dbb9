"""One middleware records what only the response tells: refusals (401/403, Django's and DRF's), API
writes, exports and downloads, and applied imports; it also lends the request to signal receivers."""

from __future__ import annotations

import logging

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from audit.models import Kind
from audit.services import current_request, record
from imports.models import ActionImport

logger = logging.getLogger(__name__)

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# URL names whose successful GET hands data out of the app.
EXPORTS = {
    "dashboard_export",
    "report_pdf",
    "report_frozen_pdf",
    "registers:export",
    "mandate:budget_export",
    "audit:export",
}
DOWNLOADS = {"attachments:download"}


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.audit_started = timezone.now()
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        match = request.resolver_match
        view_name = match.view_name if match else ""
        status = response.status_code
        if status in (401, 403):
            # Observed after the fact, so a failure to record is reported, not added to the refusal.
            self._safely(request, Kind.PERMISSION_DENIED, f"{request.method} {request.path} {status}")
        elif view_name.startswith("api:") and request.method in WRITE_METHODS:
            self._safely(
                request, Kind.API_WRITE, f"{request.method} {request.path} {status}", _api_object(match, response)
            )
        elif request.method == "GET" and status == 200 and view_name in EXPORTS | DOWNLOADS:
            # Data leaves the app: without its entry the file is not handed out (the error propagates).
            kind = Kind.EXPORT if view_name in EXPORTS else Kind.DOWNLOAD
            record(kind, request=request, text=request.get_full_path())
        elif view_name == "imports:confirm" and request.method == "POST":
            applied = ActionImport.objects.filter(
                pk=match.kwargs.get("pk"), state=ActionImport.State.APPLIED, applied_at__gte=request.audit_started
            ).first()
            if applied is not None:
                record(Kind.IMPORT_APPLIED, request=request, obj=applied, text=applied.filename)
        return response

    @staticmethod
    def _safely(request: HttpRequest, kind: Kind, text: str, obj: Model | None = None) -> None:
        try:
            record(kind, request=request, text=text, obj=obj)
        except Exception:
            logger.exception("audit entry not written: %s %s", kind, text)


def _api_object(match, response: HttpResponse) -> Model | None:
    """The object an API write touched, as it is now: the URL's pk, or the id of what a POST created."""
    queryset = getattr(getattr(match.func, "cls", None), "queryset", None)
    data = getattr(response, "data", None)
    pk = match.kwargs.get("pk") or (data.get("id") if isinstance(data, dict) else None)
    if queryset is None or pk is None:
        return None
    found = queryset.model._default_manager.filter(pk=pk).first()
    # Deleted by this very request: the entry still names what it was.
    return found or queryset.model(pk=pk)
