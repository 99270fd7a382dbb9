"""Two-factor login with django-otp: a code from an authenticator app (TOTP) or a backup code after the password.

Required for the roles in TWO_FACTOR_REQUIRED_ROLES and for the admin, optional for everyone else. After
single sign-on, a second factor at the provider (the ID token's "amr") counts, so nobody is asked twice.
"""
