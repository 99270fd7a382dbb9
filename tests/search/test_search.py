"""Search finds actions and recommendations, and refuses an overlong query politely."""

import pytest
from django.urls import reverse

from workstreams.models import Action

pytestmark = pytest.mark.django_db


def test_search_finds_actions_and_recommendations(client, viewer):
    action = Action.objects.filter(workstream__slug="voorkomen").first()
    client.force_login(viewer)
    word = action.title.split()[-1]
    html = client.get(reverse("search:search"), {"q": word}).content.decode()
    assert action.title in html
    html = client.get(reverse("search:search"), {"q": "12"}).content.decode()
    assert '<li><a href="/recommendations/12/">12. ' in html
    long = client.get(reverse("search:search"), {"q": "x" * 300})
    assert long.status_code == 200 and "kortere zoekterm" in long.content.decode()
    # No maxlength cuts the query off in the browser; the refused one stays in the box to shorten.
    assert "maxlength" not in long.content.decode()
    assert f'value="{"x" * 300}"' in long.content.decode()
