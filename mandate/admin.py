from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mandate.models import BudgetLine, Commitment, Delegation, Mandate, Milestone

for model in (Mandate, BudgetLine, Commitment, Milestone, Delegation):
    admin.site.register(model, SimpleHistoryAdmin)
