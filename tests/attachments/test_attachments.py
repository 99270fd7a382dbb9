"""Documents attached to actions, notes, meetings and register rows: who may add and read them, what is refused."""

import pytest
from django.urls import reverse

from attachments.models import Attachment
from attachments.selectors import upload_url
from attachments.validation import sanitised_name
from tests.factories import EXE_BYTES, PDF_BYTES, make_collaboration, make_meeting, november, upload
from workstreams.models import Action, ProgressNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(taskforce) -> Action:
    return Action.objects.filter(workstream__slug="verbinden").order_by("position").first()


def _attach(client, target, name="Besluitnotitie.pdf", content=PDF_BYTES, **data):
    return client.post(upload_url(target), {"file": upload(name, content), "purpose": "document", **data})


def test_member_attaches_a_document_to_an_action_and_downloads_it(client, member, action, file_storage):
    client.force_login(member)
    response = _attach(client, action)
    assert response.status_code == 302 and response.url == action.get_absolute_url()
    attachment = Attachment.objects.get()
    assert (attachment.target, attachment.name, attachment.mime_type, attachment.uploaded_by) == (
        action,
        "Besluitnotitie.pdf",
        "application/pdf",
        member,
    )
    assert "Besluitnotitie" not in attachment.file.name, "stored under a random name"
    assert (file_storage / attachment.file.name).read_bytes() == PDF_BYTES

    page = client.get(action.get_absolute_url()).content.decode()
    assert reverse("attachments:download", args=[attachment.pk]) in page
    assert "Bijlage toegevoegd: Besluitnotitie.pdf" in page  # in the timeline

    download = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Disposition"] == 'attachment; filename="Besluitnotitie.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_member_of_another_workstream_can_neither_download_nor_attach(client, member, other_member, action):
    client.force_login(member)
    _attach(client, action)
    attachment = Attachment.objects.get()

    client.force_login(other_member)
    assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 403
    assert _attach(client, action, name="ander.pdf").status_code == 403
    assert client.post(reverse("attachments:delete", args=[attachment.pk])).status_code == 403
    page = client.get(action.get_absolute_url()).content.decode()
    assert "De bijlagen zijn te lezen voor de werkstroom zelf" in page
    assert reverse("attachments:download", args=[attachment.pk]) not in page


def test_the_taskforce_and_ministry_viewers_read_a_workstreams_documents(
    client, member, taskforce_member, viewer, action
):
    client.force_login(member)
    _attach(client, action)
    url = reverse("attachments:download", args=[Attachment.objects.get().pk])
    for person in (taskforce_member, viewer):
        client.force_login(person)
        assert client.get(url).status_code == 200
    assert _attach(client, action).status_code == 403  # the viewer changes nothing


def test_anonymous_visitors_are_sent_to_the_login_page(client, member, action):
    client.force_login(member)
    _attach(client, action)
    client.logout()
    response = client.get(reverse("attachments:download", args=[Attachment.objects.get().pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_program_named_as_a_pdf_is_refused(client, member, action):
    client.force_login(member)
    response = _attach(client, action, name="rapport.pdf", content=EXE_BYTES)
    assert response.status_code == 400
    assert "De inhoud van het bestand past niet bij de naam (.pdf)" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_web_page_named_as_text_and_an_unknown_type_are_refused(client, member, action):
    client.force_login(member)
    assert (
        _attach(client, action, name="notitie.txt", content=b"<html><script>alert(1)</script></html>").status_code
        == 400
    )
    response = _attach(client, action, name="setup.exe", content=EXE_BYTES)
    assert "Bestanden van dit type worden niet aangenomen" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused_and_the_limit_is_shown_before_upload(client, member, action, settings):
    settings.ATTACHMENT_MAX_MB = 1
    client.force_login(member)
    assert "Ten hoogste 1 MB" in client.get(action.get_absolute_url()).content.decode()
    response = _attach(client, action, content=PDF_BYTES + b"0" * (1024 * 1024))
    assert response.status_code == 400
    assert "ten hoogste 1 MB is toegestaan" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/Besluit.PDF", "Besluit.pdf"),
        ("C:\\Users\\jan\\notitie overleg.pdf", "notitie overleg.pdf"),
        ('rap"port\r\n<script>.pdf', "rap_port_script_.pdf"),
        ("...pdf", "bijlage.pdf"),
        ("ééé-verslag (2).pdf", "ééé-verslag (2).pdf"),
    ],
)
def test_names_are_sanitised(given, kept):
    assert sanitised_name(given) == kept


def test_the_download_name_is_the_sanitised_one(client, member, action):
    client.force_login(member)
    _attach(client, action, name='"Verslag"; x=<y>.pdf')
    attachment = Attachment.objects.get()
    assert attachment.name == "_Verslag__ x__y_.pdf"
    download = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="_Verslag__ x__y_.pdf"'


def test_removing_an_attachment_keeps_a_history_entry(client, member, action):
    client.force_login(member)
    _attach(client, action)
    attachment = Attachment.objects.get()
    response = client.post(reverse("attachments:delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    removed = Attachment.history.get(id=attachment.pk, history_type="-")
    assert (removed.name, removed.history_user) == ("Besluitnotitie.pdf", member)
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Bijlage verwijderd: Besluitnotitie.pdf" in page
    assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404


def test_a_note_takes_attachments_shown_under_it_in_the_timeline(client, member, action):
    note = ProgressNote.objects.create(action=action, author=member, text="Gesprek gevoerd")
    client.force_login(member)
    assert client.get(upload_url(note)).status_code == 200
    assert _attach(client, note, name="gespreksverslag.pdf").url == note.get_absolute_url()
    page = client.get(action.get_absolute_url()).content.decode()
    assert "gespreksverslag.pdf" in page


def test_the_trekker_attaches_agenda_and_minutes_to_a_workstream_meeting(client, trekker, member, verbinden):
    meeting = make_meeting("Verbinden overleg", november(10), workstream=verbinden)
    client.force_login(member)
    assert _attach(client, meeting).status_code == 403  # members do not edit the meeting
    client.force_login(trekker)
    assert _attach(client, meeting, name="agenda.pdf", purpose="agenda").status_code == 302
    assert _attach(client, meeting, name="verslag.pdf", purpose="minutes").status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "agenda.pdf" in page and "verslag.pdf" in page and ">Verslag</span>" in page
    client.force_login(member)  # the workstream's members read them
    assert client.get(reverse("attachments:download", args=[Attachment.objects.first().pk])).status_code == 200


def test_a_taskforce_meetings_documents_are_read_by_everyone_logged_in(client, taskforce_member, other_member):
    meeting = make_meeting("Taskforce", november(10))
    client.force_login(taskforce_member)
    _attach(client, meeting, name="agenda.pdf", purpose="agenda")
    client.force_login(other_member)
    assert client.get(reverse("attachments:download", args=[Attachment.objects.get().pk])).status_code == 200


def test_a_register_record_takes_attachments_on_its_page(client, member, other_member, verbinden):
    record = make_collaboration(verbinden)
    client.force_login(member)
    assert _attach(client, record, name="intentieverklaring.pdf").url == record.get_absolute_url()
    assert "intentieverklaring.pdf" in client.get(record.get_absolute_url()).content.decode()
    client.force_login(other_member)
    assert client.get(reverse("attachments:download", args=[Attachment.objects.get().pk])).status_code == 403


def test_an_object_that_takes_no_attachments_is_not_found(client, secretariat, kpi):
    client.force_login(secretariat)
    assert client.get(reverse("attachments:upload", args=["kpis.kpi", kpi.pk])).status_code == 404
    assert client.get(reverse("attachments:upload", args=["nope", 1])).status_code == 404
