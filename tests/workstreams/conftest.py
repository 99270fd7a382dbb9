import pytest

from workstreams.models import Action


@pytest.fixture
def action(taskforce, member) -> Action:
    """The first seeded action of Verbinden, owned by the Verbinden member."""
    action = Action.objects.filter(workstream__slug="verbinden").order_by("position").first()
    action.owner = member
    action.save()
    return action
