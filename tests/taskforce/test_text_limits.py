"""Text limits shown before they bite, text over them kept, and what the page says after saving."""

import re

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from workstreams.forms import ActionForm, NoteForm, StatusForm
from workstreams.models import Action, ProgressNote

pytestmark = pytest.mark.django_db


def _action(workstream) -> Action:
    return workstream.actions.order_by("position").first()


def test_a_text_field_with_a_limit_says_so_and_the_browser_does_not_cut_it_off():
    html = str(NoteForm()["text"])
    assert "maxlength" not in html
    assert 'data-limit="2000"' in html
    assert 'aria-describedby="id_text_helptext"' in html
    assert NoteForm()["text"].help_text == '<span class="form-limit">Hoogstens 2.000 tekens.</span>'
    assert 'data-limit-count="{count} van 2.000 tekens"' in html


def test_the_limit_follows_an_existing_help_text_and_the_language(verbinden):
    result = StatusForm()["result"]
    assert result.help_text.startswith("Eén regel; verplicht zodra de actie is afgerond. ")
    assert "Hoogstens 300 tekens." in result.help_text
    with translation.override("en"):
        text = NoteForm()["text"]
        assert "At most 2,000 characters." in text.help_text
        assert 'data-limit-over="Too long: {count} of at most 2,000 characters. Please shorten the text."' in str(text)


def test_model_form_fields_take_their_limit_from_the_model(verbinden):
    form = ActionForm(workstream=verbinden)
    assert 'data-limit="200"' in str(form["title"])
    assert 'data-limit="5000"' in str(form["description"])
    assert 'data-limit="200"' in str(form["evidence_url"])  # a URL is typed too
    assert ProgressNote._meta.get_field("text").max_length == 2000


def test_fields_that_are_not_typed_text_get_no_limit(verbinden):
    class Form(forms.Form):
        secret = forms.CharField(max_length=50, widget=forms.PasswordInput)
        hidden = forms.CharField(max_length=50, widget=forms.HiddenInput)
        free = forms.CharField(widget=forms.Textarea)
        number = forms.IntegerField()

    form = Form()
    for name in ("secret", "hidden", "free", "number"):
        assert "data-limit" not in str(form[name]), name
        assert "form-limit" not in form[name].help_text, name
    assert "data-limit" not in str(ActionForm(workstream=verbinden)["status"])
    assert 'maxlength="50"' in str(form["secret"])


def test_line_breaks_count_once_as_in_the_browser():
    text = ("x" * 9 + "\r\n") * 200  # 2,000 characters as typed, 2,200 as sent
    form = NoteForm({"text": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == text.replace("\r\n", "\n").strip()


def test_a_note_over_the_limit_is_refused_and_comes_back_whole_with_a_summary(client, member, verbinden):
    action = _action(verbinden)
    client.force_login(member)
    text = "Lange notitie. " * 140  # 2,100 characters
    response = client.post(reverse("workstreams:action_note", args=[action.pk]), {"text": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert not action.notes.exists()
    assert text.strip() in html  # nothing typed is lost
    summary = re.search(r'role="alert" tabindex="-1" data-feedback data-error-summary>.*?</div>', html, re.S)
    assert summary is not None
    assert 'href="#id_text"' in summary.group(0)
    error = "Voortgangsnotitie: Zorg dat deze waarde niet meer dan 2000 tekens bevat (het zijn er nu 2099)."
    assert error in summary.group(0)
    assert 'aria-invalid="true"' in html


def test_forms_laid_out_field_by_field_get_the_summary_too(client, trekker, kpi):
    client.force_login(trekker)
    response = client.post(reverse("kpis:record", args=[kpi.pk]), {"date": "", "value": "", "note": "x" * 501})
    html = response.content.decode()
    assert "data-error-summary" in html
    assert 'href="#id_note"' in html and ("x" * 501) in html


def _render_messages(level: int, text: str, place: str = "") -> str:
    request = RequestFactory().get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    messages.add_message(request, level, text, extra_tags=place)
    template = Template('{% include "_messages.html" with place=place %}')
    return template.render(Context({"messages": messages.get_messages(request), "place": place}))


def test_a_success_message_is_a_status_and_an_error_an_alert_both_focusable():
    success = _render_messages(messages.SUCCESS, "Opgeslagen.")
    assert 'role="status" tabindex="-1" data-feedback>Opgeslagen.</div>' in success
    error = _render_messages(messages.ERROR, "Mislukt.", place="leden")
    assert 'class="alert alert-danger" role="alert" tabindex="-1" data-feedback>Mislukt.</div>' in error


def test_a_quick_update_without_javascript_lands_on_the_action_with_its_message_in_the_panel(client, member, verbinden):
    action = _action(verbinden)
    client.force_login(member)
    response = client.post(
        reverse("workstreams:action_status", args=[action.pk]),
        {"status": "in_progress", "result": "", "evidence_url": "", "version": action.version},
        follow=True,
    )
    html = response.content.decode()
    panel = html.split('<div id="action-panel">', 1)[1]
    assert 'role="status" tabindex="-1" data-feedback>Status gewijzigd in “Bezig”.</div>' in panel
    assert html.count("Status gewijzigd in") == 1
