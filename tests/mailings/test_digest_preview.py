"""Everyone can see their own digest before it goes out; a preview never sends or records anything."""

import datetime as dt
import io

import pytest
from django.core import mail as outbox
from django.core.management import CommandError, call_command
from django.utils import timezone

from mailings.models import Delivery
from workstreams.models import Action, Workstream

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(member):
    return Action.objects.create(
        workstream=Workstream.objects.get(slug="verbinden"),
        title="Rondetafel met vaccinproducenten",
        owner=member,
        due_date=timezone.localdate() - dt.timedelta(days=2),
    )


def test_a_member_previews_their_digest_in_the_browser_and_nothing_is_sent(client, member, overdue):
    client.force_login(member)
    page = client.get("/account/mail/preview/").content.decode()
    assert "Rondetafel met vaccinproducenten" in page and "niet verstuurd" in page
    html = client.get("/account/mail/preview.html")
    assert html.status_code == 200 and "Rondetafel met vaccinproducenten" in html.content.decode()
    assert "'unsafe-inline'" in html["Content-Security-Policy"]  # the mail's own inline styles
    assert "script-src 'self'" in html["Content-Security-Policy"]  # and still no script
    assert Delivery.objects.count() == 0 and outbox.outbox == []


def test_the_preview_says_when_there_is_nothing_to_send(client, other_member):
    client.force_login(other_member)
    page = client.get("/account/mail/preview/").content.decode()
    assert "u krijgt dan geen samenvatting" in page
    assert "u krijgt dan geen samenvatting" in client.get("/account/mail/preview.html").content.decode()


def test_the_preview_command_renders_any_date_without_recording(member, overdue):
    out = io.StringIO()
    next_week = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    call_command("preview_digest", member.username, "--date", next_week, stdout=out)
    assert "Subject:" in out.getvalue() and "Rondetafel met vaccinproducenten" in out.getvalue()
    assert Delivery.objects.count() == 0 and outbox.outbox == []


def test_sending_for_a_future_week_is_refused_so_that_weeks_digest_is_not_used_up(member, overdue):
    next_week = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    with pytest.raises(CommandError, match="preview_digest"):
        call_command("send_digest", "--date", next_week, stdout=io.StringIO())
    assert Delivery.objects.count() == 0
