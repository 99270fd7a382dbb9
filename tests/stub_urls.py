"""The project's URLs plus stand-ins for the workstream and action pages another branch builds.

Pages here link to `action.get_absolute_url` (workstreams:action) and `workstream.get_absolute_url`
(workstreams:detail). Until those views exist, tests render against this URLconf instead; the
`workstream_urls` fixture switches only when the real names are missing.
"""

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse

from taskforce.urls import urlpatterns as project_urlpatterns


def _stand_in(request, **kwargs):
    return HttpResponse("stand-in")


_workstream_patterns = (
    [
        path("<slug:slug>/", _stand_in, name="detail"),
        path("actions/<int:pk>/", _stand_in, name="action"),
    ],
    "workstreams",
)

urlpatterns = [p for p in project_urlpatterns if getattr(p, "namespace", None) != "workstreams"] + [
    path("workstreams/", include(_workstream_patterns))
]


@pytest.fixture(autouse=True)
def workstream_urls(settings):
    try:
        reverse("workstreams:action", args=[1])
        reverse("workstreams:detail", args=["verbinden"])
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.stub_urls"
