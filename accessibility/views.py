from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from accessibility.statement import statement_read


@login_not_required
@require_safe
def statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, public: everyone must be able to read how accessible the site is."""
    found = statement_read()
    context = {
        "statement": found,
        "pages": found.page_list(get_language()) if found else [],
        "organisation": settings.ACCESSIBILITY_ORGANISATION,
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL or parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        "response_days": settings.ACCESSIBILITY_RESPONSE_DAYS,
        "site_url": settings.SITE_URL,
    }
    response = render(request, "accessibility/statement.html", context)
    # The footer's language form holds this visitor's CSRF token: a shared cache must not hand it to another.
    patch_cache_control(response, no_cache=True)
    return response
