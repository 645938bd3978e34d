from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from haven.core.models import AuditEntry, User

pytestmark = pytest.mark.django_db


def test_createuser_scopes_the_new_user_to_the_given_areas(baghdad, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-passphrase\n"))
    out = io.StringIO()
    call_command("createuser", "amina", "--role", "field_officer", "--area", "iqg08", "--password-stdin", stdout=out)
    amina = User.objects.get(username="amina")
    assert [area.pcode for area in amina.areas.all()] == ["IQG08"]
    assert amina.check_password("a-long-enough-passphrase")
    assert "scoped to IQG08" in out.getvalue()


def test_createuser_refuses_an_unknown_pcode_and_creates_nobody(baghdad, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-passphrase\n"))
    with pytest.raises(CommandError, match="Unknown P-code"):
        call_command("createuser", "amina", "--role", "field_officer", "--area", "IQG99", "--password-stdin")
    assert not User.objects.filter(username="amina").exists()


def test_createuser_refuses_a_weak_password(baghdad, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError, match="too short"):
        call_command("createuser", "amina", "--role", "viewer", "--area", "IQG08", "--password-stdin")
    assert not User.objects.filter(username="amina").exists()


def test_token_create_is_stable_and_revoke_removes_it(field_officer) -> None:
    first, second = io.StringIO(), io.StringIO()
    call_command("token", "create", "field.baghdad", stdout=first)
    call_command("token", "create", "field.baghdad", stdout=second)
    assert first.getvalue() == second.getvalue() == Token.objects.get(user=field_officer).key + "\n"
    call_command("token", "revoke", "field.baghdad", stdout=io.StringIO())
    assert not Token.objects.filter(user=field_officer).exists()
    assert AuditEntry.objects.filter(detail="API token revoked").exists()


def test_token_for_an_unknown_user_is_a_clear_error(db) -> None:
    with pytest.raises(CommandError, match="No active user 'ghost'"):
        call_command("token", "create", "ghost")
