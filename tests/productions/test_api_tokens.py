"""API tokens: 256 random bits, shown once and stored only as a digest, expiring when unused,
and revocable by the integration that holds one."""

import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PASSWORD = "s3cret-pass!"


@pytest.fixture
def token(owner, production):
    owner.set_password(PASSWORD)
    owner.save()
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "owner", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()


def with_token(value: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {value}")
    return client


def test_a_token_is_256_random_bits_and_only_its_digest_is_stored(token):
    value = token["token"]
    stored = AuthToken.objects.get()

    assert len(bytes.fromhex(value)) == 32
    assert stored.digest == hashlib.sha512(value.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM knox_authtoken")
        row = " ".join(str(field) for field in cursor.fetchone())
    assert value not in row  # only its first 15 characters, to find the digest by


def test_each_sign_in_gives_a_new_token_and_both_work(token, owner):
    again = APIClient().post(
        "/api/v1/auth/token/", {"username": "owner", "password": PASSWORD}, format="json"
    )

    assert again.json()["token"] != token["token"]
    for value in (token["token"], again.json()["token"]):
        assert with_token(value).get("/api/v1/productions/").json()["count"] == 1


def test_a_token_expires_90_days_after_its_last_use(token):
    expiry = AuthToken.objects.get().expiry
    assert abs(expiry - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)

    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    response = with_token(token["token"]).get("/api/v1/productions/")

    assert response.status_code == 401
    assert response.json()["message"] == "Invalid token."
    assert not AuthToken.objects.exists()


def test_an_integration_revokes_its_own_token(token):
    client = with_token(token["token"])

    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert client.get("/api/v1/productions/").status_code == 401
    assert APIClient().delete("/api/v1/auth/token/").status_code == 401


@pytest.mark.parametrize("value", ["nothex", "é" * 64, "0" * 64, ""])
def test_a_malformed_or_unknown_token_is_a_401_never_a_500(token, value):
    response = with_token(value).get("/api/v1/productions/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "message" in response.json()


def test_signing_in_ignores_a_stale_token_sent_along(owner, production):
    owner.set_password(PASSWORD)
    owner.save()

    response = with_token("0" * 64).post(
        "/api/v1/auth/token/", {"username": "owner", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
