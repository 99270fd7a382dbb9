# The single sign-on tests' provider (its own process, once per session) and the settings that use it.
from tests.sso.test_single_sign_on import oidc_provider, sso  # noqa: F401
