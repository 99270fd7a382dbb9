from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.sites import AdminSite as BaseAdminSite
from django_otp.admin import OTPAdminSite


class AdminSite(OTPAdminSite):
    """django-otp's admin site: staff whose session is not verified are treated as if they were not staff.

    The password is asked on the admin's own login page as before; the code is asked on the app's second
    step (the middleware sends unverified staff there), so it keeps Django's login form and template.
    """

    login_form = AdminAuthenticationForm
    login_template = None

    def __init__(self, name: str = "admin") -> None:
        # OTPAdminSite names itself "otpadmin"; the URL names stay "admin:...".
        BaseAdminSite.__init__(self, name)
