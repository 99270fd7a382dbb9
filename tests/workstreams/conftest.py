import pytest

from workstreams.models import Action


@pytest.fixture
def action(taskforce, member) -> Action:
    """The first seeded action of Verbinden, owned by the Verbinden member."""
    action = Action.objects.filter(workstream__slug="verbinden").order_by("position").first()
    action.owner = member
    action.save()
    return action


def edit_data(action: Action, **changes) -> dict:
    """What the edit form posts for this action, with changes."""
    data = {
        "title": action.title,
        "description": action.description,
        "recommendations": [r.pk for r in action.recommendations.all()],
        "status": action.status,
        "owner": action.owner_id or "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "result": action.result,
        "evidence_url": action.evidence_url,
        "version": action.version,
    }
    data.update(changes)
    return data
