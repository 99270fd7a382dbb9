"""The secretariat sets the weekly rhythm in the app: the rating scale and the days."""

import pytest
from django.urls import reverse

from updates.models import UpdateSettings

pytestmark = pytest.mark.django_db


def test_the_secretariat_switches_to_five_levels_and_the_update_form_offers_them(client, secretariat, trekker):
    client.force_login(secretariat)
    response = client.post(reverse("updates:settings"), {"scale": 5, "reminder_days": 3, "recovery_days": 10})
    assert response.status_code == 302
    settings = UpdateSettings.current()
    assert (settings.scale, settings.reminder_days, settings.recovery_days) == (5, 3, 10)
    client.force_login(trekker)
    page = client.get(reverse("updates:edit", args=["verbinden"])).content.decode()
    assert 'value="amber_green"' in page and 'value="amber_red"' in page


def test_bad_settings_re_render_with_the_input_kept(client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("updates:settings"), {"scale": 5, "reminder_days": 9, "recovery_days": 0})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="9"' in page and 'value="0"' in page
    assert UpdateSettings.current().scale == 3


def test_only_the_secretariat_changes_the_settings(client, taskforce_member, trekker, viewer):
    for person in (taskforce_member, trekker, viewer):
        client.force_login(person)
        assert client.post(reverse("updates:settings"), {"scale": 5}).status_code == 403
    assert UpdateSettings.current().scale == 3
