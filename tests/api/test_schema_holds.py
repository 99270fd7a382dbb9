"""The schema holds: schemathesis sends generated requests for every operation of the served schema.

As a member and as a ministry viewer: no server error, every response valid against the schema, and
no write a viewer sends succeeds. A few examples per operation keep the run short (README: API).
"""

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from api.models import Token
from tests.factories import make_action

MAX_EXAMPLES = 3
WRITES = {"POST", "PUT", "PATCH", "DELETE"}

pytestmark = pytest.mark.usefixtures("in_week_four")


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_every_operation_answers_within_the_schema_and_viewers_write_nothing(role, roles, live_server, verbinden):
    make_action(verbinden, "Een actie om te lezen", owner=roles["member"])
    _token, key = Token.issue(user=roles[role], name="schemathesis")
    headers = {"Authorization": f"Bearer {key}"}
    # The schema is built per request; on a busy two-core machine that takes longer than the default 10 s.
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json", headers=headers, timeout=60)
    session = requests.Session()
    cases, written = [0], []

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            cases[0] += 1
            response = case.call(base_url=live_server.url, session=session, headers=headers)
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
            )
            if role == "viewer" and case.method.upper() in WRITES and response.status_code < 300:
                written.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        check()

    assert written == []
    print(f"schemathesis: {len(operations)} operations, {cases[0]} cases as {role}")
