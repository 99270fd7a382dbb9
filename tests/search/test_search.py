"""Search finds everything a person may read (actions, notes, recommendations, meetings, register
records, KPIs, people), ranked by PostgreSQL's full text search, and links each hit to its page."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from search import selectors
from taskforce.models import User
from tests.factories import at, make_action, make_collaboration, make_meeting, make_shortage, make_user
from workstreams.models import ProgressNote

pytestmark = pytest.mark.django_db


def _search(client, user, q, **params):
    client.force_login(user)
    response = client.get(reverse("search:search"), {"q": q, **params})
    assert response.status_code == 200
    return response


def _urls(results, kind=None):
    return [hit.url for hit in results.of_kind(kind)]


def test_search_runs_on_postgresql_full_text_search(member):
    assert selectors.search(member, "vaccin").backend == "postgresql"


def test_member_finds_a_word_that_appears_only_in_a_progress_note(client, member, verbinden):
    action = make_action(verbinden, "Gesprekken plannen")
    note = ProgressNote.objects.create(action=action, author=member, text="Gesprek met Brabantse afvulpartner gepland.")
    html = _search(client, member, "afvulpartner").content.decode()
    assert f'href="/workstreams/actions/{action.pk}/?alles=1#note-{note.pk}"' in html
    assert "Brabantse <mark>afvulpartner</mark>" in html
    # The anchor exists on the action page.
    assert f'id="note-{note.pk}"' in client.get(action.get_absolute_url() + "?alles=1").content.decode()


def test_member_finds_a_word_in_the_minutes_or_decisions_of_a_meeting(client, member, verbinden):
    meeting = make_meeting(
        "Weekoverleg", at(dt.date(2026, 11, 17)), verbinden, minutes="Besproken: de kolomchromatografie.", decisions="X"
    )
    other = make_meeting("Taskforce", at(dt.date(2026, 11, 18)), decisions="Inkoop van kolomchromatografie")
    results = selectors.search(member, "kolomchromatografie")
    assert set(_urls(results, "meeting")) == {meeting.get_absolute_url(), other.get_absolute_url()}


def test_member_finds_a_register_entry_and_opens_it_where_they_may(client, member, other_member, verbinden):
    record = make_collaboration(
        verbinden, company="Lyofilisatie BV", partner="Fabrikant", note="Afspraak over vriesdrogen"
    )
    own = selectors.search(member, "vriesdrogen")
    assert _urls(own, "collaboration") == [record.get_absolute_url()]  # the edit page: a member of Verbinden
    # A member of another workstream reads the register but may not edit it: the row in the list.
    other = selectors.search(other_member, "vriesdrogen")
    list_url = reverse("registers:list", args=["verbinden", "collaborations"])
    assert _urls(other, "collaboration") == [f"{list_url}#record-{record.pk}"]
    client.force_login(other_member)
    assert f'id="record-{record.pk}"' in client.get(list_url).content.decode()
    shortage = make_shortage(verbinden, item="Glazen flacons", products="insuline")
    assert _urls(selectors.search(other_member, "flacons"), "shortage") == [
        f"{reverse('registers:list', args=['verbinden', 'shortages'])}#record-{shortage.pk}"
    ]


def test_member_finds_a_person_by_name_and_reaches_their_workstream(client, member, verbinden):
    person = make_user("gbaksteen", "member", "EZK", "verbinden")
    person.first_name, person.last_name = "Gerritdina", "Baksteen"
    person.save()
    html = _search(client, member, "baksteen").content.decode()
    assert '<a href="/workstreams/verbinden/#leden-sectie">Gerritdina <mark>Baksteen</mark></a>' in html
    assert "EZK · Verbinden (Lid)" in html
    person.is_active = False
    person.save()
    assert selectors.search(member, "baksteen").of_kind("person") == []


def test_a_title_hit_ranks_above_a_body_hit(member, verbinden):
    body = make_action(verbinden, "Overleg voeren", description="Over de pipetteerrobot praten.")
    title = make_action(verbinden, "Pipetteerrobot aanschaffen")
    assert _urls(selectors.search(member, "pipetteerrobot"), "action") == [
        title.get_absolute_url(),
        body.get_absolute_url(),
    ]


def test_dutch_stemming_finds_vaccins_for_vaccin_and_a_name_is_found_as_typed(member, verbinden):
    action = make_action(
        verbinden, "Inventariseren", description="Welke vaccins van Zeeuwse makers lopen vertraging op?"
    )
    assert _urls(selectors.search(member, "vaccin zeeuwse"), "action") == [action.get_absolute_url()]
    assert action.get_absolute_url() in _urls(selectors.search_fallback(member, "vaccin zeeuwse"), "action")
    # "De" is a Dutch stop word: the 'simple' configuration still finds it in a name.
    person = make_user("dejong", "member")
    person.first_name, person.last_name = "Anna", "De Jong"
    person.save()
    assert _urls(selectors.search(member, '"de jong"'), "person") == [""]  # found; no workstream to link


def test_websearch_syntax_excludes_a_word(member, verbinden):
    keep = make_action(verbinden, "Vriesdroger bestellen")
    make_action(verbinden, "Vriesdroger repareren")
    assert _urls(selectors.search(member, "vriesdroger -repareren"), "action") == [keep.get_absolute_url()]


def test_viewer_does_not_find_people_by_e_mail_but_staff_allowed_to_see_users_does(viewer, secretariat):
    person = make_user("zeldzaam", "member")
    assert selectors.search(viewer, "zeldzaam@example.org").of_kind("person") == []
    assert selectors.search(secretariat, "zeldzaam@example.org").of_kind("person") == []  # staff, no permission
    secretariat.user_permissions.add(Permission.objects.get(codename="view_user"))
    allowed = User.objects.get(pk=secretariat.pk)
    assert [hit.obj for hit in selectors.search(allowed, "zeldzaam@example.org").of_kind("person")] == [person]


def test_everyone_logged_in_finds_another_workstream_s_notes_as_its_pages_show_them(
    client, viewer, other_member, member, verbinden
):
    """Every logged-in person reads every workstream's pages (taskforce/permissions.py), so search too."""
    action = make_action(verbinden, "Bidbook")
    ProgressNote.objects.create(action=action, author=member, text="Concept van het bidbook klaar.")
    for user in (viewer, other_member):
        assert selectors.search(user, "concept bidbook").of_kind("note"), user
    client.logout()
    response = client.get(reverse("search:search"), {"q": "bidbook"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_typed_html_is_escaped_and_only_the_match_is_marked(member, verbinden):
    action = make_action(verbinden, "<b>Vet</b> plan", description='<script>alert("x")</script> stikstofvat')
    for search in (selectors.search_postgres, selectors.search_fallback):
        hit = search(member, "stikstofvat").of_kind("action")[0]
        assert hit.obj == action
        # PostgreSQL's excerpt leaves out what looks like a tag; the fallback's shows it escaped.
        assert "<script>" not in hit.excerpt and "alert(&quot;x&quot;)" in hit.excerpt
        assert "<mark>stikstofvat</mark>" in hit.excerpt
        assert hit.title == "&lt;b&gt;Vet&lt;/b&gt; plan"


def test_results_come_by_kind_with_counts_and_in_pages(client, member, verbinden):
    action = make_action(verbinden, "Koelcel plannen")
    ProgressNote.objects.bulk_create(
        ProgressNote(action=action, author=member, text=f"Koelcel stap {i}") for i in range(25)
    )
    html = _search(client, member, "koelcel").content.decode()
    assert "26 resultaten voor “koelcel”." in html
    assert "Pagina 1 van 2 (resultaten 1–20)." in html
    assert (
        'href="?q=koelcel&amp;soort=note">Voortgangsnotities <span class="badge text-bg-light border">25</span>' in html
    )
    notes = _search(client, member, "koelcel", soort="note", pagina=2).content.decode()
    assert "Pagina 2 van 2 (resultaten 21–25)." in notes
    assert "Getoond: Voortgangsnotities (25)." in notes
    assert f'href="{action.get_absolute_url()}"' not in notes  # the action itself is not a note
    assert 'value="koelcel"' in notes  # the query stays in the box


def test_nothing_found_says_what_was_searched_and_keeps_the_query(client, member):
    html = _search(client, member, "qwxzyv").content.decode()
    assert "0 resultaten voor “qwxzyv”." in html
    assert "Niets gevonden voor “qwxzyv”." in html
    assert "Gezocht in: acties, voortgangsnotities, aanbevelingen, vergaderingen" in html
    assert 'value="qwxzyv"' in html


def test_an_overlong_query_is_refused_politely_and_kept_in_the_box(client, viewer):
    response = _search(client, viewer, "x" * 300)
    html = response.content.decode()
    assert "kortere zoekterm" in html and f'value="{"x" * 300}"' in html


def test_a_recommendation_is_found_by_its_number(client, viewer):
    html = _search(client, viewer, "12").content.decode()
    assert '<a href="/recommendations/12/"><mark>12</mark>. ' in html


def test_the_number_of_queries_does_not_grow_with_the_data(client, member, verbinden, django_assert_max_num_queries):
    def grow(start, n):
        for i in range(start, start + n):
            action = make_action(verbinden, f"Steriele filters {i}", description="filters")
            ProgressNote.objects.create(action=action, author=member, text="Steriele filters besteld")
            make_meeting(f"Overleg filters {i}", at(dt.date(2026, 11, 10)), verbinden, minutes="filters")
            make_collaboration(verbinden, company=f"Filters {i} BV", partner="Partner")
            make_shortage(verbinden, item=f"Filters {i}")
            User.objects.filter(pk=make_user(f"filters{i}", "member", "EZK", "verbinden").pk).update(
                last_name="Filters"
            )

    client.force_login(member)
    grow(0, 2)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("search:search"), {"q": "filters"})
    grow(2, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(reverse("search:search"), {"q": "filters"}).content.decode()
    assert "resultaten voor “filters”" in html


# --- The fallback (SQLite's), run here on PostgreSQL's data -----------------------------------------


def test_fallback_splits_words_phrases_and_exclusions():
    assert selectors.parse_terms('vaccin "fill and finish" -EZK or Jansen') == (
        ["vaccin", "fill and finish", "Jansen"],
        ["EZK"],
    )
    assert selectors.parse_terms(' - "" ') == ([], [])


def test_fallback_excerpt_cuts_around_the_first_match_and_marks_every_one():
    text = "Aanloop " * 40 + "de Vaccinproductie en nog een vaccin " + "uitloop " * 40
    piece = selectors.excerpt(text, ["vaccin"])
    assert piece.startswith("… ") and piece.endswith(" …")
    assert f"de {selectors.START}Vaccin{selectors.STOP}productie" in piece
    assert str(selectors.marked(piece)).count("<mark>") == 2
    assert selectors.excerpt("kort", ["niets"]) == "kort"
    title = "Beter begrip creëren rond vaccinproductie"
    assert selectors.excerpt(title, ["vaccin"], len(title)) == title.replace("vaccin", "\x02vaccin\x03")


def test_fallback_ranks_title_hits_first_and_more_terms_higher(member, verbinden):
    both_terms_body = make_action(verbinden, "Overleg", description="koelketen en transporteur")
    one_term_title = make_action(verbinden, "Koelketen borgen")
    one_term_body = make_action(verbinden, "Planning", description="de koelketen")
    both_title = make_action(verbinden, "Koelketen met transporteur")
    results = selectors.search_fallback(member, "koelketen transporteur")
    assert results.backend == "fallback"
    assert _urls(results, "action") == [
        a.get_absolute_url() for a in (both_title, both_terms_body, one_term_title, one_term_body)
    ]
    assert [hit.rank for hit in results.of_kind("action")] == [4, 2, 2, 1]


def test_fallback_gives_the_same_shape_and_rules_as_postgresql(member, other_member, viewer, verbinden):
    record = make_collaboration(verbinden, company="Vriesdroog BV", partner="Partner")
    action = make_action(verbinden, "Vriesdroog proces")
    make_action(verbinden, "Vriesdroog afgeblazen")
    pg, fallback = selectors.search_postgres(member, "vriesdroog"), selectors.search_fallback(member, "vriesdroog")
    assert [c.kind for c in pg.counts] == [c.kind for c in fallback.counts] == list(selectors.KINDS)
    assert {(h.kind, h.url) for h in pg.hits} == {(h.kind, h.url) for h in fallback.hits}
    assert _urls(selectors.search_fallback(other_member, "vriesdroog"), "collaboration") == [
        f"{reverse('registers:list', args=['verbinden', 'collaborations'])}#record-{record.pk}"
    ]
    assert _urls(selectors.search_fallback(member, "vriesdroog -afgeblazen"), "action") == [action.get_absolute_url()]
    make_user("zeldzaam", "member")
    assert selectors.search_fallback(viewer, "zeldzaam@example").of_kind("person") == []


def test_an_overlong_query_is_refused_and_kept_in_the_box_to_shorten(client, member):
    client.force_login(member)
    long = client.get(reverse("search:search"), {"q": "x" * 300})
    html = long.content.decode()
    assert long.status_code == 200 and "kortere zoekterm" in html
    # No maxlength cuts the query off in the browser.
    assert "maxlength" not in html
    assert f'value="{"x" * 300}"' in html
