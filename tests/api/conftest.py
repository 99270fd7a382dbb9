import pytest
from rest_framework.test import APIClient

from api.models import Token


def bearer(user) -> APIClient:
    """An API client that authenticates as this person with a fresh personal token."""
    _token, key = Token.issue(user=user, name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def api_as():
    return bearer
