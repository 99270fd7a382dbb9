"""Logout, password change and password reset by a real mail."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_logout_is_a_post_and_ends_the_session(client, member):
    client.force_login(member)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("my_work")).status_code == 302


def test_password_change_form_is_dutch_and_changes_the_password(client, member):
    client.force_login(member)
    page = client.get(reverse("password_change"))
    assert "Wachtwoord wijzigen" in page.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw", "new_password1": "Vaccin-taskforce-2026", "new_password2": "Vaccin-taskforce-2026"},
    )
    assert response.status_code == 302
    assert "Wachtwoord gewijzigd" in client.get(response["Location"]).content.decode()
    member.refresh_from_db()
    assert member.check_password("Vaccin-taskforce-2026")


def test_password_change_with_a_wrong_old_password_shows_an_error(client, member):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "Vaccin-taskforce-2026", "new_password2": "Vaccin-taskforce-2026"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    member.refresh_from_db()
    assert member.check_password("pw")


def test_password_reset_mails_a_link_that_sets_a_new_password(client, member, smtp_server):
    page = client.get(reverse("password_reset"))
    assert page.status_code == 200 and "Wachtwoord vergeten" in page.content.decode()

    response = client.post(reverse("password_reset"), {"email": member.email})
    assert response.status_code == 302
    assert "Controleer uw e-mail" in client.get(response["Location"]).content.decode()

    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail["To"] == member.email
    assert mail["Subject"] == "Nieuw wachtwoord voor de Taskforce Vaccins"
    body = mail.get_content()
    assert "Uw gebruikersnaam is: lid" in body
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", body).group(1)

    form_page = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Nieuw-wachtwoord-2026", "new_password2": "Nieuw-wachtwoord-2026"})
    assert done.status_code == 302
    assert "Wachtwoord opgeslagen" in client.get(done["Location"]).content.decode()
    member.refresh_from_db()
    assert member.check_password("Nieuw-wachtwoord-2026")

    # The link works once.
    again = client.get(link, follow=True)
    assert "ongeldig of al gebruikt" in again.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, member, smtp_server):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert smtp_server.messages == []
