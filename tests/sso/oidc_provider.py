"""A real OpenID Connect provider for the single sign-on tests: oidc-provider-mock, with PKCE enforced.

Run as its own process: `python tests/sso/oidc_provider.py PORT`. The mock (authlib underneath) ignores
a PKCE challenge unless authlib's CodeChallenge extension is registered; here it is, and it accepts
only S256, so a login whose token request lacks the right code verifier is refused as at a real
provider. Users and their claims are set over HTTP: `PUT /users/<sub>` with the claims as JSON (claims
such as "aud", "exp" or "amr" go into the ID token as they are).
"""

import sys

import werkzeug.serving
from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oauth2.rfc7636 import CodeChallenge
from oidc_provider_mock import _app

_challenges: dict[str, tuple[str, str]] = {}  # authorization code -> (code_challenge, method)


class S256Only(CodeChallenge):
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):
        if not grant.request.payload.data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: missing 'code_challenge'")
        if grant.request.payload.data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE is required with code_challenge_method S256")
        super().validate_code_challenge(grant, redirect_uri)

    def validate_code_verifier(self, grant, result):
        if not grant.request.form.get("code_verifier"):
            raise InvalidRequestError("Missing 'code_verifier'")
        super().validate_code_verifier(grant, result)

    def get_authorization_code_challenge(self, authorization_code):
        return _challenges.get(authorization_code.code, (None, None))[0]

    def get_authorization_code_challenge_method(self, authorization_code):
        return _challenges.get(authorization_code.code, (None, None))[1]


class PKCEAuthorizationCodeGrant(_app.AuthorizationCodeGrant):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        S256Only(required=True)(self)

    def save_authorization_code(self, code, request):
        super().save_authorization_code(code, request)
        data = request.payload.data
        _challenges[code] = (data.get("code_challenge"), data.get("code_challenge_method"))


_app.AuthorizationCodeGrant = PKCEAuthorizationCodeGrant  # read by the mock when it sets up its grants

if __name__ == "__main__":
    port = int(sys.argv[1])
    werkzeug.serving.run_simple("127.0.0.1", port, _app.app(require_nonce=True), threaded=True)
