# Fixtures shared by the recommendation, KPI and meeting tests.
from tests.meetings_fixtures import (  # noqa: F401
    kpi,
    pursued,
    sideline,
    tf_meeting,
    verbinden,
    voorkomen,
    ws_meeting,
)
