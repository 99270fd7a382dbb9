"""Publishing frozen progress reports under the Woo: only the secretariat publishes and revokes, the public
link needs no login, a revoked link answers 410, and nothing unpublished is reachable without login."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from publications.models import Ground, Publication
from taskforce.models import Organisation
from tests.factories import make_publication, make_report
from tests.taskforce.test_url_access import EXPECTED, LOGIN, OK

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four", "taskforce")]


def form_data(**changes) -> dict:
    return {
        "title": "Voortgangsrapportage week 4",
        "category": "3.3.2l",
        "document_date": "2026-11-24",
        "organisation": Organisation.objects.get(short_name="VWS").pk,
        "grounds": [],
        "left_out": "",
        **changes,
    }


def test_the_secretariat_publishes_a_report_with_its_woo_metadata(client, secretariat):
    report = make_report()
    client.force_login(secretariat)

    response = client.post(
        reverse("publications:publish", args=[report.token]),
        form_data(grounds=[Ground.PRIVACY], left_out="Namen van medewerkers"),
        follow=True,
    )

    assert "De rapportage is openbaar gemaakt." in response.content.decode()
    publication = Publication.objects.get(report=report)
    assert publication.published_by == secretariat
    assert publication.grounds == ["5.1.2e"]
    page = Client().get(reverse("publications:detail", args=[publication.token])).content.decode()
    for shown in (
        "Voortgangsrapportage week 4",
        "Jaarplannen en jaarverslagen",
        "24 november 2026",
        "Ministerie van Volksgezondheid, Welzijn en Sport",
        "Namen van medewerkers",
        "5.1 lid 2e: de eerbiediging van de persoonlijke levenssfeer",
        "Alles op schema.",  # the report itself, as a web page
    ):
        assert shown in page


def test_the_public_link_is_a_secret_of_at_least_128_bits_unlike_the_reports_own_token():
    tokens = {make_publication().token for _ in range(20)}
    assert len(tokens) == 20
    # token_urlsafe: 6 bits a character, so 22 characters carry 128 bits.
    assert all(len(token) >= 43 for token in tokens)
    publication = Publication.objects.first()
    assert publication.token != publication.report.token


def test_anyone_reads_a_published_report_without_logging_in_and_gets_no_session(secretariat):
    publication = make_publication()
    anonymous = Client()

    for name in ("publications:list", "publications:detail", "publications:pdf"):
        args = [] if name == "publications:list" else [publication.token]
        response = anonymous.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert settings.SESSION_COOKIE_NAME not in response.cookies, name
        # Revoking must take effect at once: no browser or proxy may keep a copy.
        assert "no-store" in response["Cache-Control"], name
        assert "default-src 'self'" in response["Content-Security-Policy"], name
    pdf = anonymous.get(reverse("publications:pdf", args=[publication.token]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(publication.report.pdf)
    listing = anonymous.get(reverse("publications:list")).content.decode()
    assert reverse("publications:detail", args=[publication.token]) in listing


def test_a_revoked_link_answers_410_with_a_page_that_says_so_and_leaves_the_list(client, secretariat):
    publication = make_publication()
    client.force_login(secretariat)

    confirm = client.get(reverse("publications:revoke", args=[publication.pk]))
    assert "Openbare link intrekken?" in confirm.content.decode()
    publication.refresh_from_db()
    assert publication.is_live, "the confirmation page alone revokes nothing"
    client.post(reverse("publications:revoke", args=[publication.pk]))

    anonymous = Client()
    for name in ("publications:detail", "publications:pdf"):
        response = anonymous.get(reverse(name, args=[publication.token]))
        assert response.status_code == 410
        assert "Dit document is niet meer openbaar" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    assert publication.token not in anonymous.get(reverse("publications:list")).content.decode()
    publication.refresh_from_db()
    assert publication.revoked_by == secretariat


def test_revoking_twice_changes_nothing_and_says_so(client, secretariat):
    publication = make_publication(revoked=True)
    revoked_at = publication.revoked_at
    client.force_login(secretariat)

    response = client.post(reverse("publications:revoke", args=[publication.pk]), follow=True)

    assert "Deze openbare link was al ingetrokken." in response.content.decode()
    publication.refresh_from_db()
    assert publication.revoked_at == revoked_at


def test_a_wrong_token_is_not_found():
    make_publication()
    anonymous = Client()
    assert anonymous.get(reverse("publications:detail", args=["bestaat-niet"])).status_code == 404
    assert anonymous.get(reverse("publications:pdf", args=["bestaat-niet"])).status_code == 404


def test_an_unpublished_report_stays_behind_the_login(taskforce):
    report = make_report()
    make_publication()  # another report is public; this one is not
    anonymous = Client()

    for name in ("report_frozen", "report_frozen_pdf"):
        response = anonymous.get(reverse(name, args=[report.token]))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name
    # Its own token opens no public page either.
    assert anonymous.get(reverse("publications:detail", args=[report.token])).status_code == 404
    assert report.token not in anonymous.get(reverse("publications:list")).content.decode()


def test_a_revoked_and_republished_report_has_a_new_link_and_the_old_one_stays_gone(client, secretariat):
    old = make_publication(revoked=True)
    client.force_login(secretariat)

    client.post(reverse("publications:publish", args=[old.report.token]), form_data())

    new = Publication.objects.live().get(report=old.report)
    assert new.token != old.token
    assert Client().get(reverse("publications:detail", args=[old.token])).status_code == 410
    assert Client().get(reverse("publications:detail", args=[new.token])).status_code == 200


def test_only_the_deliberately_public_urls_open_for_anonymous_visitors():
    """The URL walk (tests/taskforce/test_url_access.py) checks each row; this names the rows that say OK."""
    public = {name for name, row in EXPECTED.items() if row[0] == OK}
    assert public == {
        "healthz",
        "login",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "mail_unsubscribe",  # the signed token authorises
        "calendars:personal_feed",  # the secret token authorises
        "calendars:workstream_feed",
        "publications:list",
        "publications:detail",  # a published report's secret link
        "publications:pdf",
        "accessibility:statement",
    }
    assert EXPECTED["publications:publish"][0] == LOGIN
    assert EXPECTED["publications:revoke"][0] == LOGIN


@pytest.mark.parametrize("role", ["taskforce", "trekker", "member", "other_member", "viewer"])
def test_no_one_but_the_secretariat_publishes_or_revokes(client, roles, role):
    report = make_report()
    publication = make_publication()
    client.force_login(roles[role])

    assert client.get(reverse("publications:publish", args=[report.token])).status_code == 403
    assert client.post(reverse("publications:publish", args=[report.token]), form_data()).status_code == 403
    assert client.post(reverse("publications:revoke", args=[publication.pk])).status_code == 403
    assert not Publication.objects.filter(report=report).exists()
    publication.refresh_from_db()
    assert publication.is_live
    # The reports page offers them no controls, but shows the public link.
    page = client.get(reverse("reports")).content.decode()
    assert reverse("publications:publish", args=[report.token]) not in page
    assert reverse("publications:revoke", args=[publication.pk]) not in page
    assert reverse("publications:detail", args=[publication.token]) in page


def test_a_ground_without_saying_what_was_left_out_is_refused_and_the_input_kept(client, secretariat):
    report = make_report()
    client.force_login(secretariat)

    response = client.post(
        reverse("publications:publish", args=[report.token]),
        form_data(title="Mijn eigen titel", grounds=[Ground.CONFIDENTIAL_BUSINESS]),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Beschrijf wat is weggelaten op de gekozen gronden." in page
    assert 'value="Mijn eigen titel"' in page
    assert re.search(r'<input[^>]*value="5\.1\.1c"[^>]*checked', page)
    assert not Publication.objects.exists()


def test_what_was_left_out_needs_a_ground(client, secretariat):
    report = make_report()
    client.force_login(secretariat)

    response = client.post(reverse("publications:publish", args=[report.token]), form_data(left_out="Bijlage 2"))

    assert "Kies op welke grond is weggelaten wat u beschrijft." in response.content.decode()
    assert not Publication.objects.exists()


def test_a_report_is_published_once_at_a_time(client, secretariat):
    publication = make_publication()
    client.force_login(secretariat)

    response = client.post(reverse("publications:publish", args=[publication.report.token]), form_data(), follow=True)

    assert "Deze rapportage is al openbaar gemaakt." in response.content.decode()
    assert Publication.objects.filter(report=publication.report).count() == 1


def test_the_reports_page_shows_each_reports_publication_in_a_fixed_number_of_queries(
    client, secretariat, django_assert_max_num_queries
):
    for week in range(1, 4):
        make_publication(make_report(week=week))
    make_publication(make_report(week=4), revoked=True)
    make_report(week=5)
    client.force_login(secretariat)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("reports")).content.decode()

    assert page.count("Intrekken") == 3
    assert "Ingetrokken op" in page
    assert page.count("Openbaar maken") == 2  # the revoked one and the unpublished one


def test_the_document_date_defaults_to_the_day_the_report_was_frozen(client, secretariat):
    report = make_report()
    client.force_login(secretariat)

    page = client.get(reverse("publications:publish", args=[report.token])).content.decode()

    assert f'value="{dt.date(2026, 11, 24):%Y-%m-%d}"' in page
    assert "de app lakt niets weg" in page
