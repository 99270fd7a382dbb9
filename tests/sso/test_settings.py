"""Single sign-on is configured from the environment and off by default."""

import json

from tests.taskforce.test_settings import run_manage

PRINT_SETTINGS = (
    "from django.conf import settings as s; import json; print(json.dumps([s.OIDC_ENABLED, s.OIDC_ISSUER, "
    "s.OIDC_RP_CLIENT_ID, s.OIDC_RP_SCOPES, s.OIDC_ALLOWED_EMAIL_DOMAINS, s.OIDC_USE_PKCE, "
    "s.OIDC_PKCE_CODE_CHALLENGE_METHOD, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']]))"
)


def test_single_sign_on_is_off_unless_switched_on():
    result = run_manage("shell", "-c", PRINT_SETTINGS, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        False, "", "", "openid email profile", [], True, "S256", ["'self'"]
    ]  # fmt: skip


def test_switched_on_it_reads_the_provider_from_the_environment():
    result = run_manage(
        "shell",
        "-c",
        PRINT_SETTINGS,
        DEBUG="true",
        OIDC_ENABLED="true",
        OIDC_ISSUER="https://login.example.nl/realms/rijk",
        OIDC_CLIENT_ID="taskforce",
        OIDC_ALLOWED_EMAIL_DOMAINS="MinVWS.nl,minezk.nl",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        True,
        "https://login.example.nl/realms/rijk",
        "taskforce",
        "openid email profile",
        ["minvws.nl", "minezk.nl"],
        True,
        "S256",
        ["'self'", "https://login.example.nl"],  # logout goes on to the provider
    ]


def test_switched_on_without_a_provider_it_refuses_to_start():
    result = run_manage("check", DEBUG="true", OIDC_ENABLED="true")
    assert result.returncode != 0
    assert "OIDC_ENABLED needs OIDC_ISSUER and OIDC_CLIENT_ID" in result.stderr
