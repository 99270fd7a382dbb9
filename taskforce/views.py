from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Ministry viewers land on the overview dashboard; everyone else on their own work."""
    return redirect("dashboard" if request.user.is_viewer else "my_work")


@login_not_required
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """The cheapest page of the app: the floor for benchmarks and a liveness probe."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switches the language; for a logged-in person it is also kept in their profile."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
