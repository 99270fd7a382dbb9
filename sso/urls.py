from django.contrib.auth.decorators import login_not_required
from django.urls import path

from sso import views

urlpatterns = [
    # Before django.contrib.auth's logout in the URL conf: the same name, the same page, and the
    # provider's session ends too.
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    # Deliberately public: the way in for people who are not logged in yet.
    path("sso/login/", login_not_required(views.StartView.as_view()), name="oidc_authentication_init"),
    path("sso/callback/", login_not_required(views.CallbackView.as_view()), name="oidc_authentication_callback"),
]
