"""Production settings pass Django's deployment checklist; the embedded defaults need no setup."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from conftest import haven_env, haven_run


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    env = haven_env(
        tmp_path,
        HAVEN_SECRET_KEY="k" * 20 + "-Zq8#x!2vLr9pT4wYb7nC1mH6sJ3dF0gK5aE",
        HAVEN_DEBUG="0",
        HAVEN_ALLOWED_HOSTS="haven.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    result = haven_run("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_settings_fail_check_deploy_so_the_test_above_means_something(tmp_path: Path) -> None:
    result = haven_run(
        "check", "--deploy", "--fail-level", "WARNING", env=haven_env(tmp_path, HAVEN_DEBUG="1"), check=False
    )
    assert result.returncode != 0


def test_passwords_are_hashed_with_argon2() -> None:
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_haven_help_lists_every_command_on_one_line(tmp_path: Path) -> None:
    result = haven_run("--help", env=haven_env(tmp_path))
    assert result.returncode == 0
    for command in ("serve", "worker", "migrate", "shell", "createuser", "geo", "demo", "jobs"):
        line = next(line for line in result.stdout.splitlines() if line.strip().startswith(command + " "))
        assert len(line.split(maxsplit=1)) == 2, f"{command} has no summary"
