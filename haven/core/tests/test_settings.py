"""Production settings pass Django's deployment checklist; the embedded defaults need no setup."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

REPO = Path(__file__).resolve().parents[3]


def run_haven(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "haven.cli", *args], env=env, cwd=REPO, capture_output=True, text=True, check=False
    )


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HAVEN_VAR_DIR": str(tmp_path),
        "HAVEN_SECRET_KEY": "k" * 20 + "-Zq8#x!2vLr9pT4wYb7nC1mH6sJ3dF0gK5aE",
        "HAVEN_DEBUG": "0",
        "HAVEN_ALLOWED_HOSTS": "haven.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = run_haven("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_settings_fail_check_deploy_so_the_test_above_means_something(tmp_path: Path) -> None:
    env = {**os.environ, "HAVEN_VAR_DIR": str(tmp_path), "HAVEN_DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = run_haven("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0


def test_passwords_are_hashed_with_argon2() -> None:
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_haven_help_lists_every_command_on_one_line() -> None:
    result = run_haven("--help", env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"})
    assert result.returncode == 0
    for command in ("serve", "worker", "migrate", "shell", "createuser", "geo", "demo", "jobs"):
        line = next(line for line in result.stdout.splitlines() if line.strip().startswith(command + " "))
        assert len(line.split(maxsplit=1)) == 2, f"{command} has no summary"
