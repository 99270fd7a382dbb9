from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from taskforce.admin import UserAdmin
from taskforce.models import User
from workstreams.models import Action, Membership, ProgressNote, Workstream, WorkstreamParticipant


class ParticipantInline(admin.TabularInline):
    model = WorkstreamParticipant
    extra = 0
    autocomplete_fields = ["organisation"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["title", "owner", "status", "due_date"]
    autocomplete_fields = ["owner"]
    show_change_link = True


@admin.register(Workstream)
class WorkstreamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "trekker_organisation", "position"]
    search_fields = ["name", "goal"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ParticipantInline, MembershipInline, ActionInline]


class ProgressNoteInline(admin.TabularInline):
    model = ProgressNote
    extra = 0
    autocomplete_fields = ["author"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "workstream", "owner", "status", "due_date", "touched_at"]
    list_filter = ["workstream", "status", "recommendations"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["owner", "meeting"]
    filter_horizontal = ["recommendations"]
    readonly_fields = ["created_at", "updated_at", "version"]
    date_hierarchy = "due_date"
    inlines = [ProgressNoteInline]
    list_per_page = 50  # as the workstream page's action list (workstreams.views.ACTIONS_PER_PAGE)


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["workstream"]


# The core's user admin, with the person's workstreams beneath it (the core cannot import workstreams).
class UserWithMembershipsAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, UserMembershipInline]


admin.site.unregister(User)
admin.site.register(User, UserWithMembershipsAdmin)
