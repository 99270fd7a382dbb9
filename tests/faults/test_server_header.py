"""The app under gunicorn (as in production) does not say which server software answers."""

import urllib.request

import pytest

from tests.faults.conftest import Visitor

pytestmark = pytest.mark.django_db(transaction=True)


def test_gunicorn_does_not_name_itself_in_the_server_header(gunicorn):
    app = gunicorn()
    with urllib.request.urlopen(app + "/healthz", timeout=15) as response:
        assert response.status == 200
        assert response.headers.get("Server") is None
        assert "Permissions-Policy" in response.headers


def test_a_logged_in_page_under_gunicorn_is_no_store(gunicorn, member):
    app = gunicorn()
    visitor = Visitor(app, member)
    with visitor.opener.open(app + "/mijn-werk/", timeout=15) as response:
        assert response.headers["Cache-Control"] == "private, no-store"
