from django.urls import path

from twofactor import views

app_name = "twofactor"
urlpatterns = [
    path("account/two-factor/", views.account, name="account"),
    path("account/two-factor/setup/", views.setup, name="setup"),
    path("account/two-factor/verify/", views.verify, name="verify"),
    path("account/two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("account/two-factor/off/", views.disable, name="disable"),
]
