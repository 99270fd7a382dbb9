"""Refusals and missing pages look like the rest of the site, speak the reader's language and offer a
way back; a server error too, without depending on what may have failed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import include, path

pytestmark = pytest.mark.django_db


def _refuse(request):
    raise PermissionDenied


def _fail(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("refused/", _refuse),
    path("broken/", _fail),
    path("", include("taskforce.urls")),
]


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def test_a_missing_page_is_a_404_in_the_sites_layout_with_a_way_back(production, client, member):
    client.force_login(member)
    response = client.get("/workstreams/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html and 'href="/"' in html
    assert 'aria-label="Hoofdmenu"' in html  # the site's menu


def test_a_refusal_is_a_403_in_english_for_an_english_reader(production, client, member):
    member.language = "en"
    member.save()
    client.force_login(member)
    response = client.get("/refused/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "No access" in html and "Geen toegang" not in html
    assert '<html lang="en">' in html


def test_a_server_error_is_a_500_page_that_still_renders(production, member):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_every_page_names_its_favicon(client, member):
    client.force_login(member)
    html = client.get("/mijn-werk/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html
