from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from haven.core.factories import TEST_PASSWORD
from haven.core.services import job_create

pytestmark = pytest.mark.django_db


def test_a_token_is_obtained_with_username_and_password(field_officer) -> None:
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": "field.baghdad", "password": TEST_PASSWORD})
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/me/").json()
    assert me["role"] == "field_officer"
    assert me["areas"] == ["IQG08"]
    assert "geo.add_location" in me["permissions"]


def test_the_api_refuses_anonymous_callers(db) -> None:
    assert APIClient().get("/api/me/").status_code == 401


def test_jobs_api_lists_only_ones_own(field_officer, administrator) -> None:
    job_create(kind="test", title="Mine", created_by=field_officer)
    client = APIClient()
    client.force_authenticate(administrator)
    assert client.get("/api/jobs/").json()["count"] == 1
    client.force_authenticate(field_officer)
    assert [job["title"] for job in client.get("/api/jobs/").json()["results"]] == ["Mine"]


def test_audit_api_is_for_administrators(field_officer, administrator) -> None:
    client = APIClient()
    client.force_authenticate(field_officer)
    assert client.get("/api/audit/").status_code == 403
    client.force_authenticate(administrator)
    body = client.get("/api/audit/", {"action": "create"}).json()
    assert body["count"] >= 2


def test_openapi_schema_and_offline_docs_are_served(field_officer) -> None:
    client = APIClient()
    client.force_authenticate(field_officer)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower()


def test_token_requests_are_throttled_like_sign_ins(field_officer) -> None:
    client = APIClient()
    for _ in range(4):
        assert client.post("/api/auth/token/", {"username": "field.baghdad", "password": "wrong"}).status_code == 400
    # The fifth failure reaches the limit; from then on even the right password gets no token.
    assert client.post("/api/auth/token/", {"username": "field.baghdad", "password": "wrong"}).status_code == 429
    locked = client.post("/api/auth/token/", {"username": "field.baghdad", "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "token" not in locked.content.decode()
