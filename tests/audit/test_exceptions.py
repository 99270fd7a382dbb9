"""An uncaught exception in a request leaves an entry (the error log has the traceback)."""

import pytest
from django.test import Client
from django.urls import path

from audit.models import Entry, Kind

pytestmark = pytest.mark.django_db


def _broken(request):
    raise ZeroDivisionError("kapot")


urlpatterns = [path("kapot/", _broken)]


@pytest.mark.urls("tests.audit.test_exceptions")
def test_an_uncaught_exception_is_recorded_with_the_person_and_the_address(member):
    client = Client(raise_request_exception=False, REMOTE_ADDR="192.0.2.44")
    client.force_login(member)
    assert client.get("/kapot/").status_code == 500
    entry = Entry.objects.get(kind=Kind.EXCEPTION)
    assert (entry.user_id, entry.text, entry.path, entry.ip) == (
        member.pk,
        "ZeroDivisionError: kapot",
        "/kapot/",
        "192.0.2.44",
    )
