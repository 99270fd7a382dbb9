"""Pages and JSON travel compressed; static files with a content hash in their name are kept for a year."""

import gzip
import json

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_page_comes_gzip_compressed_to_a_browser_that_accepts_it(client, member):
    client.force_login(member)
    plain = client.get(reverse("workstreams:list"))
    packed = client.get(reverse("workstreams:list"), headers={"accept-encoding": "gzip, deflate, br"})
    assert packed.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert "<main" in page and "</html>" in page
    assert len(packed.content) < len(plain.content) / 3
    # Each response masks the CSRF token afresh (so its compressed length tells nothing: BREACH).
    again = gzip.decompress(client.get(reverse("workstreams:list"), headers={"accept-encoding": "gzip"}).content)
    token = 'name="csrfmiddlewaretoken" value="'
    assert page.split(token)[1][:64] != again.decode().split(token)[1][:64]


def test_a_browser_that_does_not_accept_gzip_gets_the_page_as_it_is(client, member):
    client.force_login(member)
    response = client.get(reverse("workstreams:list"))
    assert response.status_code == 200 and not response.has_header("Content-Encoding")
    assert b"</html>" in response.content


def test_api_json_comes_compressed_too(client, member, in_week_four):
    client.force_login(member)
    response = client.get(reverse("api:dashboard"), headers={"accept-encoding": "gzip"})
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert isinstance(json.loads(gzip.decompress(response.content)), dict)


@pytest.fixture
def collected(settings, tmp_path):
    """STATIC_ROOT as collectstatic leaves it under the manifest storage: app.css, its hashed copy with a
    gzip twin, and the manifest that maps one to the other."""
    root = tmp_path / "static"
    (root / "css").mkdir(parents=True)
    css = b"body { color: #000; }\n" * 200
    hashed = "css/app.0123456789ab.css"
    (root / "css" / "app.css").write_bytes(css)
    (root / hashed).write_bytes(css)
    (root / f"{hashed}.gz").write_bytes(gzip.compress(css))
    (root / "staticfiles.json").write_text(json.dumps({"paths": {"css/app.css": hashed}, "version": "1.1"}))
    settings.DEBUG = False
    settings.STATIC_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return hashed


def test_a_hashed_static_file_is_kept_for_a_year_and_comes_compressed(collected):
    response = Client().get(f"/static/{collected}", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Encoding"] == "gzip"


def test_a_static_file_without_a_hash_is_asked_for_again_soon(collected):
    response = Client().get("/static/css/app.css")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert response["Cache-Control"] == "max-age=60, public"
