"""Writing a weekly update, submitting it, the taskforce returning and approving it; who may do what."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import make_action, make_update, make_user
from updates.models import Review, UpdateSettings, UpdateVersion, WorkstreamUpdate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]

MEETING = dt.date(2026, 11, 24)  # the Tuesday of week four: the next taskforce meeting


def _post(client, slug="verbinden", submit=False, version=0, **fields):
    data = {
        "rating": "amber",
        "rationale": "Twee acties lopen uit.",
        "path_to_green": "Extra capaciteit bij EZK.",
        "version": version,
        "risks-TOTAL_FORMS": 1,
        "risks-INITIAL_FORMS": 0,
        "risks-0-kind": "risk",
        "risks-0-text": "Producenten reageren traag",
        **fields,
    }
    if submit:
        data["submit"] = "1"
    return client.post(reverse("updates:edit", args=[slug]), data)


def test_the_form_starts_from_the_computed_status_and_the_actions_due_before_the_meeting(client, trekker, verbinden):
    make_action(verbinden, "Factsheet versturen", due=MEETING, status="blocked")
    client.force_login(trekker)
    response = client.get(reverse("updates:edit", args=["verbinden"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Berekende status" in page and "Factsheet versturen" in page
    # The blocked action is offered as a blocker tied to it, the computed colour as the rating.
    assert response.context["risks"].initial[0] == {
        "kind": "blocker",
        "text": "Factsheet versturen",
        "actions": [verbinden.actions.get(title="Factsheet versturen").pk],
    }
    assert response.context["form"].initial["rating"] in {"green", "amber", "red"}


def test_trekker_saves_a_draft_that_keeps_what_was_typed(client, trekker, verbinden):
    client.force_login(trekker)
    response = _post(client, rating="", rationale="Half af")
    assert response.status_code == 302
    update = WorkstreamUpdate.objects.get(workstream=verbinden, meeting_date=MEETING)
    assert update.state == "draft" and update.rationale == "Half af" and update.versions.count() == 0
    assert update.risks == [{"kind": "risk", "text": "Producenten reageren traag", "actions": []}]
    page = client.get(reverse("updates:edit", args=["verbinden"])).content.decode()
    assert "Half af" in page and "Producenten reageren traag" in page


def test_submitting_without_a_rating_re_renders_with_the_input_kept(client, trekker, verbinden):
    client.force_login(trekker)
    response = _post(client, submit=True, rating="", rationale="Mijn lange tekst")
    assert response.status_code == 400
    assert "Kies een vertrouwensoordeel om in te dienen." in response.content.decode()
    assert "Mijn lange tekst" in response.content.decode()
    assert not WorkstreamUpdate.objects.exists()


def test_a_save_from_an_older_version_is_refused_and_keeps_the_input(client, trekker, secretariat, verbinden):
    client.force_login(trekker)
    _post(client, rationale="Eerste")
    client.force_login(secretariat)
    _post(client, version=1, rationale="Van het secretariaat")
    client.force_login(trekker)
    response = _post(client, version=1, rationale="Mijn tweede poging")
    assert response.status_code == 409
    assert "Mijn tweede poging" in response.content.decode()
    assert WorkstreamUpdate.objects.get().rationale == "Van het secretariaat"


def test_the_taskforce_returns_with_a_comment_and_approves_the_resubmission(
    client, trekker, taskforce_member, verbinden
):
    client.force_login(trekker)
    _post(client, submit=True)
    update = WorkstreamUpdate.objects.get()
    assert update.state == "submitted" and update.versions.count() == 1

    client.force_login(taskforce_member)
    refused = client.post(
        reverse("updates:review", args=[update.pk]),
        {"decision": "returned", "comment_section": "general", "second_section": "risks"},
    )
    assert refused.status_code == 400  # returning needs a comment
    client.post(
        reverse("updates:review", args=[update.pk]),
        {
            "decision": "returned",
            "comment_section": "rationale",
            "comment": "Welke twee acties?",
            "second_section": "risks",
        },
    )
    update.refresh_from_db()
    assert update.state == "returned"

    client.force_login(trekker)
    edit = client.get(reverse("updates:edit", args=["verbinden"])).content.decode()
    assert "Welke twee acties?" in edit
    _post(client, submit=True, version=update.version, rationale="De factsheet en het werkbezoek lopen uit.")

    client.force_login(taskforce_member)
    client.post(
        reverse("updates:review", args=[update.pk]),
        {"decision": "approved", "rating": "red", "comment_section": "general", "second_section": "risks"},
    )
    update.refresh_from_db()
    assert update.state == "approved"
    first, second = update.versions.order_by("number")
    assert first.review.decision == "returned" and first.review.comments.get().section == "rationale"
    assert second.review.decision == "approved" and second.review.disagrees
    # Both versions and the comment, side by side.
    page = client.get(update.get_absolute_url()).content.decode()
    assert "Versie 1" in page and "Versie 2" in page and "Welke twee acties?" in page
    assert "De factsheet en het werkbezoek lopen uit." in page and "Twee acties lopen uit." in page


def test_versions_never_change(trekker, verbinden):
    update = make_update(verbinden, trekker, MEETING)
    version = update.versions.get()
    version.rationale = "anders"
    with pytest.raises(ValueError):
        version.save()


def test_the_trekker_cannot_review_her_own_workstream_nor_a_viewer_or_member(
    client, trekker, member, viewer, other_member, verbinden
):
    update = make_update(verbinden, trekker, MEETING)
    for person in (trekker, member, viewer, other_member):
        client.force_login(person)
        response = client.post(reverse("updates:review", args=[update.pk]), {"decision": "approved"})
        assert response.status_code == 403, person
    assert not Review.objects.exists()


def test_the_secretariat_may_review_and_a_member_may_not_write_unless_delegated(
    client, trekker, member, secretariat, verbinden
):
    client.force_login(member)
    assert _post(client).status_code == 403
    client.force_login(trekker)
    client.post(reverse("updates:delegate", args=["verbinden"]), {"user": member.pk})
    client.force_login(member)
    assert _post(client, submit=True).status_code == 302
    update = WorkstreamUpdate.objects.get()
    assert update.versions.get().submitted_by == member
    # A delegate does not delegate further.
    assert client.post(reverse("updates:delegate", args=["verbinden"]), {"user": ""}).status_code == 403
    client.force_login(secretariat)
    client.post(
        reverse("updates:review", args=[update.pk]),
        {"decision": "approved", "comment_section": "general", "second_section": "risks"},
    )
    update.refresh_from_db()
    assert update.state == "approved"


def test_a_viewer_reads_approved_updates_only(client, trekker, taskforce_member, viewer, verbinden, voorkomen):
    submitted = make_update(verbinden, trekker, MEETING)
    other_trekker = make_user("trekker2", "taskforce", "VWS", "voorkomen", "trekker")
    approved = make_update(voorkomen, other_trekker, MEETING, reviewer=taskforce_member)
    client.force_login(viewer)
    assert client.get(submitted.get_absolute_url()).status_code == 403
    assert client.get(approved.get_absolute_url()).status_code == 200
    listing = client.get(reverse("updates:list")).content.decode()
    assert submitted.get_absolute_url() not in listing


def test_a_viewer_sees_only_the_approved_version_of_an_update_returned_before(
    client, trekker, taskforce_member, viewer, verbinden
):
    from updates import services

    update = make_update(verbinden, trekker, MEETING, rationale="Eerste, teruggestuurde tekst")
    services.update_review(
        version=update.versions.get(),
        user=taskforce_member,
        decision="returned",
        comments=[("general", "Intern commentaar")],
    )
    services.update_save(
        workstream=verbinden,
        meeting_date=MEETING,
        version=update.version + 1,
        user=trekker,
        fields={"rationale": "Goedgekeurde tekst"},
        submit=True,
    )
    services.update_review(version=update.versions.get(number=2), user=taskforce_member, decision="approved")
    client.force_login(viewer)
    page = client.get(update.get_absolute_url()).content.decode()
    assert "Goedgekeurde tekst" in page
    assert "Eerste, teruggestuurde tekst" not in page and "Intern commentaar" not in page


def test_the_scale_has_three_levels_by_default_and_five_when_the_secretariat_says_so(client, trekker):
    settings = UpdateSettings.current()
    assert [value for value, _ in settings.rating_choices()] == ["green", "amber", "red"]
    settings.scale = 5
    settings.save()
    client.force_login(trekker)
    form = client.get(reverse("updates:edit", args=["verbinden"])).context["form"]
    assert [value for value, _ in form.fields["rating"].choices] == [
        "green",
        "amber_green",
        "amber",
        "amber_red",
        "red",
    ]


def test_an_approved_update_is_no_longer_edited(client, trekker, taskforce_member, verbinden):
    make_update(verbinden, trekker, MEETING, reviewer=taskforce_member)
    client.force_login(trekker)
    assert client.get(reverse("updates:edit", args=["verbinden"])).status_code == 302
    _post(client, version=3, rationale="later")
    assert UpdateVersion.objects.get().rationale != "later"
