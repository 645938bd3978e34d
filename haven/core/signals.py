"""Login, logout and failed logins go to the audit log.

Django announces these only as signals, so this is the one place Haven listens to signals.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from haven.core.models import AuditAction
from haven.core.services import audit_record


@receiver(user_logged_in)
def _login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditAction.LOGIN, target=user)


@receiver(user_logged_out)
def _logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT, target=user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The password never reaches the log; Django already masks it in `credentials`.
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED, username=str(credentials.get("username", "")))
