"""The admin speaks Dutch: section and model names, the JavaScript widgets, and the way in from the app."""

import pytest
from django.contrib import admin
from django.utils import translation

from tests.conftest import screenshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(secretariat):
    """The secretariat holds the admin's rights, as seeding/demo.py gives them."""
    secretariat.is_superuser = True
    secretariat.save()
    return secretariat


ENGLISH_LEFTOVERS = ["Periodic", "Solar", "Clocked", "Intervals", "Crontabs", "Recommendations", "Workstreams", "Kpis"]


def test_secretariat_finds_the_admin_in_the_user_menu(client, secretariat):
    client.force_login(secretariat)
    page = client.get("/recommendations/").content.decode()
    user_menu = page[page.index('id="user-menu"') :]
    assert '<a class="dropdown-item" href="/admin/">Beheer</a>' in user_menu


@pytest.mark.parametrize("role", ["taskforce_member", "trekker", "member", "viewer"])
def test_others_see_no_way_to_the_admin(client, role, request):
    client.force_login(request.getfixturevalue(role))
    assert 'href="/admin/"' not in client.get("/recommendations/").content.decode()


def test_the_admin_index_names_every_section_in_dutch(client, secretariat):
    client.force_login(secretariat)
    page = client.get("/admin/").content.decode()
    assert "Geplande taken" in page and "Tijdschema&#x27;s" in page and "Inlogpogingen" in page
    assert [word for word in ENGLISH_LEFTOVERS if word in page] == []


def test_every_section_and_model_of_the_admin_has_a_dutch_name():
    """Dutch differs from English unless the name is the app's own Dutch source text."""
    import polib

    from tests.taskforce.test_translations import CATALOGUE

    dutch_source = {entry.msgid for entry in polib.pofile(str(CATALOGUE))}
    names = []
    for model in admin.site._registry:
        names += [model._meta.app_config.verbose_name, model._meta.verbose_name, model._meta.verbose_name_plural]
    english = []
    for name in names:
        with translation.override("nl"):
            dutch = str(name)
        with translation.override("en"):
            if dutch not in dutch_source and dutch == str(name):
                english.append(dutch)
    assert not english, english


@pytest.mark.django_db(transaction=True)
def test_the_admin_widgets_speak_dutch(page, live_server, login, secretariat, pursued):
    login(page, secretariat)
    page.goto(f"{live_server.url}/admin/recommendations/recommendation/{pursued.pk}/change/")
    selector = page.locator(".selector")
    assert "Kies werkstromen door ze te selecteren" in selector.inner_text()
    assert page.get_by_role("button", name="Alle werkstromen kiezen").count() == 1
    assert "Choose" not in selector.inner_text() and "Remove" not in selector.inner_text()
    screenshot(page, "admin-filter-horizontal")
