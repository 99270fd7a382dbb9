from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Identity(models.Model):
    """A person's account at an OpenID Connect provider: the provider's `sub` is the one stable key.

    E-mail addresses change and can be reused, so a login is matched on (issuer, subject), never on the
    address; an existing local account is linked only by the secretariat, here in the admin.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        related_name="identities",
        on_delete=models.CASCADE,
    )
    issuer = models.CharField(_("uitgever"), max_length=255)
    subject = models.CharField(_("kenmerk bij de uitgever"), max_length=255)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("laatst ingelogd"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisatieaccount")
        verbose_name_plural = _("organisatieaccounts")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique_subject")]

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"
