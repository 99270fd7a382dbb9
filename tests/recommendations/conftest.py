# Fixtures shared by the recommendation, KPI and meeting tests; workstream_urls is autouse.
from tests.meetings_fixtures import (  # noqa: F401
    kpi,
    pursued,
    sideline,
    tf_meeting,
    verbinden,
    voorkomen,
    workstream_urls,
    ws_meeting,
)
