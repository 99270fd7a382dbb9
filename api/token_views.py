"""Personal API tokens: a person makes them (the key is shown once) and revokes them, their own only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import TokenForm
from api.models import Token


def _page(request: HttpRequest, form: TokenForm, key: str = "", status: int = 200) -> HttpResponse:
    tokens = Token.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "key": key}, status=status)


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    _token, key = Token.issue(user=request.user, name=form.cleaned_data["name"])
    # Shown in this response only: the database keeps just its digest, so nothing can show it again.
    response = _page(request, TokenForm(), key=key)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(Token, pk=pk, user=request.user)
    token.revoke()
    messages.success(request, _("De sleutel %(name)s is ingetrokken.") % {"name": token.name})
    return redirect("api_tokens")
