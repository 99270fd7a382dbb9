"""Switching mail off and on: the preferences page, and the unsubscribe link that needs no login."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from mailings.mail import UNSUBSCRIBE_MAX_AGE, unsubscribe_token, unsubscribe_url
from taskforce.models import User

pytestmark = pytest.mark.django_db


def unsubscribe_path(user, preference="digest") -> str:
    return unsubscribe_url(user, preference).removeprefix("http://127.0.0.1:8000")


def test_a_person_switches_the_digest_off_and_on(client, trekker):
    member = trekker  # a trekker gets both kinds of mail
    client.force_login(member)
    page = client.get("/account/mail/").content.decode()
    assert 'name="digest_enabled"' in page and 'name="alerts_enabled"' in page
    response = client.post("/account/mail/", {"alerts_enabled": "on"}, follow=True)
    assert "Uw e-mailinstellingen zijn opgeslagen." in response.content.decode()
    member.refresh_from_db()
    assert (member.digest_enabled, member.alerts_enabled) == (False, True)
    client.post("/account/mail/", {"digest_enabled": "on", "alerts_enabled": "on"})
    member.refresh_from_db()
    assert member.digest_enabled


def test_the_preferences_page_needs_a_login(client, taskforce):
    response = client.get("/account/mail/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_opening_the_unsubscribe_link_only_asks(client, member):
    response = client.get(unsubscribe_path(member))
    assert response.status_code == 200
    assert "Ja, meld mij af" in response.content.decode()
    member.refresh_from_db()
    assert member.digest_enabled  # mail scanners open links: a GET changes nothing


def test_confirming_unsubscribes_without_a_login(client, member):
    response = client.post(unsubscribe_path(member))
    assert response.status_code == 200
    assert "u ontvangt de wekelijkse samenvatting niet meer" in response.content.decode()
    member.refresh_from_db()
    assert not member.digest_enabled and member.alerts_enabled


def test_one_click_unsubscribe_from_a_mail_client_works_without_a_csrf_token(member):
    """RFC 8058: the client POSTs List-Unsubscribe=One-Click to the link, with no cookies."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(unsubscribe_path(member, "alerts"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert not member.alerts_enabled and member.digest_enabled


def test_the_unsubscribe_page_speaks_the_persons_language(client, member):
    User.objects.filter(pk=member.pk).update(language="en")
    assert "Yes, unsubscribe me" in client.get(unsubscribe_path(member)).content.decode()


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # tampered signature
        lambda token: "eyJ1IjoxfQ:1xVO1w:" + "A" * 43,  # forged
        lambda token: "nonsense",
    ],
)
def test_a_tampered_token_is_refused_politely(client, member, mangle):
    token = mangle(unsubscribe_token(member, "digest"))
    response = client.post(f"/account/mail/unsubscribe/digest/{token}/")
    assert response.status_code == 400
    assert "Deze afmeldlink werkt niet" in response.content.decode()
    member.refresh_from_db()
    assert member.digest_enabled


def test_a_token_for_one_kind_of_mail_does_not_unsubscribe_from_another(client, member):
    token = unsubscribe_token(member, "digest")
    assert client.post(f"/account/mail/unsubscribe/alerts/{token}/").status_code == 400
    assert client.post(f"/account/mail/unsubscribe/everything/{token}/").status_code == 400
    member.refresh_from_db()
    assert member.alerts_enabled and member.digest_enabled


def test_a_viewer_is_not_offered_alerts_they_never_get_and_saving_keeps_the_switch(client, viewer):
    client.force_login(viewer)
    html = client.get("/account/mail/").content.decode()
    assert 'name="alerts_enabled"' not in html
    assert "in uw rol ontvangt u ze niet" in html
    client.post("/account/mail/", {"digest_enabled": "on"})
    viewer.refresh_from_db()
    assert viewer.digest_enabled and viewer.alerts_enabled  # untouched: not on the form


def test_a_trekker_switches_alerts_off_on_the_same_page(client, trekker):
    client.force_login(trekker)
    assert 'name="alerts_enabled"' in client.get("/account/mail/").content.decode()
    client.post("/account/mail/", {"digest_enabled": "on"})
    trekker.refresh_from_db()
    assert trekker.digest_enabled and not trekker.alerts_enabled


def test_an_unsubscribe_link_still_works_after_a_year_in_the_mailbox(client, member):
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        path = unsubscribe_path(member)
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        assert client.post(path).status_code == 200
    member.refresh_from_db()
    assert not member.digest_enabled


def test_an_expired_unsubscribe_link_says_so_and_offers_the_preferences_after_login(client, member):
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        path = unsubscribe_path(member)
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC) + UNSUBSCRIBE_MAX_AGE + dt.timedelta(days=1)):
        response = client.post(path)
        assert response.status_code == 410
        page = response.content.decode()
        assert "Deze afmeldlink is verlopen" in page
        assert 'href="/account/mail/"' in page
        # The link to the preferences asks for a login first, then opens them.
        after = client.get("/account/mail/")
        assert after.status_code == 302 and after["Location"] == "/accounts/login/?next=/account/mail/"
    member.refresh_from_db()
    assert member.digest_enabled


def test_a_notification_mails_unsubscribe_link_stops_notification_mail_and_the_page_can_undo_it(client, member):
    """A member has no status-mail switch, so notification mail must not hang on it: the link sets each
    kind of notification to "not by mail", which the member's own page shows and can change back."""
    from mailings.mail import notifications_unsubscribed

    response = client.post(unsubscribe_path(member, "notifications"))
    assert response.status_code == 200
    assert "u ontvangt geen meldingen meer per e-mail" in response.content.decode()
    member.refresh_from_db()
    assert member.digest_enabled and member.alerts_enabled  # the other mail is left alone
    assert notifications_unsubscribed(member)
    client.force_login(member)
    page = client.get("/account/mail/").content.decode()
    assert 'value="off" checked' in page or 'value="off" selected' in page
