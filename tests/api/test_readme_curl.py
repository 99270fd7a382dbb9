"""The README's curl examples work: extracted from its "API" section and run against a live server."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from api.models import Token
from tests.factories import make_action

README = Path(__file__).resolve().parents[2] / "README.md"
EXAMPLE_HOST = "http://127.0.0.1:8000"

pytestmark = pytest.mark.usefixtures("in_week_four")


def readme_curl_commands() -> list[str]:
    section = README.read_text().split("\n## API\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.startswith("curl ")]


def test_the_readme_shows_three_curl_examples():
    assert len(readme_curl_commands()) == 3


def test_the_readme_curl_examples_work_against_a_live_server(live_server, member, verbinden, tmp_path):
    action = make_action(verbinden, "Geblokkeerd", status="blocked", owner=member)
    _token, key = Token.issue(user=member, name="readme")
    outputs = []
    for command in readme_curl_commands():
        command = command.replace(EXAMPLE_HOST, live_server.url).replace(
            "/api/actions/1/", f"/api/actions/{action.pk}/"
        )
        result = subprocess.run(
            ["bash", "-c", f"set -o pipefail; {command} -w '\\n%{{http_code}}'"],
            env={**os.environ, "TOKEN": key},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 0, result.stderr
        body, _newline, status = result.stdout.rpartition("\n")
        assert status == "200", f"{command}: {status} {body[:300]}"
        outputs.append(body)

    listed = json.loads(outputs[0])
    assert [a["id"] for a in listed["results"]] == [action.pk]
    assert json.loads(outputs[1])["status"] == "in_progress"
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")
