"""Who may do what: the one place the role rules live, for pages, mails and (later) the API alike.

secretariat       everything (and the admin)
taskforce member  reads all; edits taskforce meetings; edits actions and notes in any workstream
trekker           everything inside their own workstream: actions, notes, members, KPIs, measurements
                  (recording, correcting and deleting them), meetings
workstream member actions, progress notes and registers (collaborations, shortages, supporters,
                  deliverables) in their own workstream; taskforce members edit registers in any workstream
                  (adding, editing and deleting rows); only the secretariat restores a deleted row
ministry viewer   reads everything, changes nothing (of the weekly updates: the approved ones only)
weekly updates    written by the trekker, the member they delegate, or the secretariat; reviewed by
                  the taskforce or the secretariat, never by the workstream's trekker or the author;
                  recovery plans written by the same people, closed by the taskforce (not the trekker);
                  the secretariat sets the rating scale, reminder and recovery-plan days
mandate, budget  the secretariat records the mandate and the budget lines, contracts commitments and
                  marks them delivered and paid; whoever edits a workstream's actions requests a
                  commitment on its lines; the taskforce approves one, never the person who requested
                  it; the taskforce sets milestones; viewers read the budget, not its internal notes
publication       the secretariat publishes a frozen progress report under the Woo and revokes it; the
                  public pages (/openbaar/, the accessibility statement) need no login at all
audit log         read and exported by the secretariat only
delegated work    delegated to an outside organisation, and its last signal kept, by the action's editors
Every logged-in person reads everything; anonymous visitors see nothing (LoginRequiredMiddleware).
E-mail addresses are shown on no page: only in the admin's user list, to those it lets see users.

The rules live in the core, below every feature app, because each of them (workstreams, KPIs,
registers, meetings, dashboards) asks them. A person's workstream roles are read through the
`memberships` relation that workstreams.Membership adds to the user, in the core's own vocabulary
(`WorkstreamRole`), so this module imports no feature app.
"""

from __future__ import annotations

from taskforce.models import WorkstreamRole


def workstream_roles(user) -> dict[int, str]:
    """{workstream id: membership role} for this user, loaded once per user object (one query)."""
    if not hasattr(user, "_workstream_roles"):
        user._workstream_roles = (
            dict(user.memberships.values_list("workstream_id", "role")) if user.is_authenticated else {}
        )
    return user._workstream_roles


def _active(user) -> bool:
    return user.is_authenticated and user.is_active and not user.is_viewer


def is_trekker(user, workstream_id: int) -> bool:
    return workstream_roles(user).get(workstream_id) == WorkstreamRole.TREKKER


def can_edit_actions(user, workstream_id: int) -> bool:
    """Create and edit actions, add progress notes and check-ins; add and edit register rows.

    The workstream's members and trekker, taskforce members and the secretariat.
    """
    if not _active(user):
        return False
    return user.sees_all_workstreams or workstream_id in workstream_roles(user)


# Registers are kept by the same people who keep the actions.
can_edit_register = can_edit_actions


def can_manage_workstream(user, workstream_id: int) -> bool:
    """Members, KPIs, measurements and meetings of one workstream."""
    return _active(user) and (user.is_secretariat or is_trekker(user, workstream_id))


def can_remove_member(user, workstream_id: int, member_id: int) -> bool:
    """Take someone out of a workstream: who manages its members, but only the secretariat removes
    themselves (a trekker who left by mistake could not add themselves back)."""
    return can_manage_workstream(user, workstream_id) and (user.pk != member_id or user.is_secretariat)


# Recording a KPI's measurement, and correcting or deleting one, is managing the workstream's KPIs.
can_record_measurement = can_manage_workstream


def can_restore_register_record(user) -> bool:
    """Bring back a deleted register row from its history: the secretariat, which keeps the registers tidy."""
    return _active(user) and user.is_secretariat


def can_edit_meeting(user, workstream_id: int | None) -> bool:
    """Taskforce meetings (workstream_id None) for the taskforce; workstream meetings for its trekker."""
    if not _active(user):
        return False
    if workstream_id is None:
        return user.sees_all_workstreams
    return can_manage_workstream(user, workstream_id)


def can_edit_recommendation(user) -> bool:
    """The "last signal from the owner" of recommendations followed on the side."""
    return _active(user) and user.sees_all_workstreams


def can_edit_anything(user) -> bool:
    """Whether to show edit controls at all (viewers see none)."""
    return _active(user)


def can_generate_report(user) -> bool:
    """Store a frozen progress report (voortgangsrapportage); everyone logged in may read them."""
    return _active(user) and user.sees_all_workstreams


def can_publish_report(user) -> bool:
    """Make a frozen progress report public (Woo) under a secret link, and revoke that link."""
    return _active(user) and user.is_secretariat


def can_see_email(user) -> bool:
    """Read people's e-mail addresses (the admin shows them to staff allowed to view users; search too)."""
    return _active(user) and user.is_staff and user.has_perm("taskforce.view_user")


def can_write_update(user, workstream_id: int, delegate_id: int | None = None) -> bool:
    """Write and submit a workstream's weekly update and its recovery plan; delegate the writing.

    Its trekker, the member the trekker delegated (while still a member), and the secretariat.
    """
    if not _active(user):
        return False
    if user.is_secretariat or is_trekker(user, workstream_id):
        return True
    return delegate_id is not None and user.pk == delegate_id and workstream_id in workstream_roles(user)


def can_review_update(user, workstream_id: int, author_id: int | None = None) -> bool:
    """Approve or return a submitted update: the taskforce and the secretariat, but someone else than
    the workstream's trekker and the person who submitted it (the judgement is checked by another)."""
    if not (_active(user) and user.sees_all_workstreams):
        return False
    return not is_trekker(user, workstream_id) and user.pk != author_id


def can_close_recovery_plan(user, workstream_id: int) -> bool:
    """Close a recovery plan as done or superseded: the taskforce and the secretariat, but not the
    workstream's own trekker (as with the review, someone else judges that the plan did its work)."""
    return _active(user) and user.sees_all_workstreams and not is_trekker(user, workstream_id)


def can_configure_updates(user) -> bool:
    """Set the weekly rhythm: the rating scale, the reminder days, the days for a recovery plan."""
    return _active(user) and user.is_secretariat


def can_read_unapproved_updates(user) -> bool:
    """Drafts, submitted and returned versions stay inside the taskforce: everyone but the viewers."""
    return _active(user)


def can_read_item(user, *, unapproved_update: bool = False) -> bool:
    """Whether this person may read an item, so may hear of it (a notification) or be offered in the
    @mention picker: every active account reads everything, but a weekly update that is not approved
    (and its review comments) only inside the taskforce."""
    if not (user.is_authenticated and user.is_active):
        return False
    return not unapproved_update or can_read_unapproved_updates(user)


def can_follow(user) -> bool:
    """Follow an action, a workstream or a recommendation: everyone logged in, viewers too (reading)."""
    return user.is_authenticated and user.is_active


def can_baseline(user) -> bool:
    """Freeze the plan at the start and re-baseline it later (with a reason): the taskforce."""
    return _active(user) and user.sees_all_workstreams


def can_edit_mandate(user) -> bool:
    """Record the mandate and its changes, add budget lines; contract, deliver and pay commitments."""
    return _active(user) and user.is_secretariat


can_edit_budget = can_edit_mandate
can_contract_commitment = can_edit_mandate


def can_request_commitment(user, workstream_id: int) -> bool:
    """Ask for money on a workstream's budget line: those who keep its actions."""
    return can_edit_actions(user, workstream_id)


def can_approve_commitment(user, requested_by_id: int | None) -> bool:
    """The taskforce approves a commitment, but never the person who requested it (four eyes)."""
    return _active(user) and user.sees_all_workstreams and user.pk != requested_by_id


def can_edit_milestones(user) -> bool:
    return _active(user) and user.sees_all_workstreams


def can_read_budget_notes(user) -> bool:
    """The internal notes of budget lines and commitments stay inside the taskforce."""
    return _active(user)


def can_delegate_action(user, workstream_id: int) -> bool:
    """Delegate an action to an outside organisation and keep its last signal."""
    return can_edit_actions(user, workstream_id)


def can_read_attachments(user, workstream_id: int | None) -> bool:
    """Download the documents attached to a workstream's actions, notes, meetings and register rows.

    Unlike the pages, not everyone: the workstream's own people, the taskforce and the secretariat, and
    the ministry viewers (who read everything); members of another workstream do not, since a document
    may hold what a party told the workstream in confidence. A taskforce meeting's documents
    (workstream_id None): everyone logged in, as its page.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if workstream_id is None or user.sees_all_workstreams or user.is_viewer:
        return True
    return workstream_id in workstream_roles(user)


def can_read_audit_log(user) -> bool:
    """The audit log (who logged in, what was exported, changed or refused): the secretariat only."""
    return _active(user) and user.is_secretariat


def can_import_actions(user) -> bool:
    """Upload an edited actions export; each row is then checked with can_edit_actions."""
    return _active(user)
