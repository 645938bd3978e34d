"""The `haven` command: every operation of Haven, and Django's own management commands beside them."""

from __future__ import annotations

import getpass
import os
import sys

# Haven's own commands in the order `haven --help` lists them. Each maps to a management command;
# its one-line summary is read from that command's help text so the two cannot drift.
HAVEN_COMMANDS = [
    "serve",
    "worker",
    "migrate",
    "shell",
    "createuser",
    "token",
    "geo",
    "import",
    "generate",
    "dedupe",
    "duplicates",
    "displacement",
    "projects",
    "funding",
    "assistance",
    "demo",
    "jobs",
]

# Django's own commands, summarised in Haven's words.
SUMMARIES = {
    "migrate": "Bring the database schema up to date (run after every upgrade)",
    "shell": "A Python shell with Haven loaded",
}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    import django

    django.setup()


def _summary(command: str) -> str:
    from django.core.management import get_commands, load_command_class

    if command in SUMMARIES:
        return SUMMARIES[command]
    app = get_commands().get(command)
    if app is None:
        return ""
    help_text = load_command_class(app, command).help or ""
    return help_text.strip().splitlines()[0] if help_text.strip() else ""


def print_help() -> None:
    _setup()
    lines = ["usage: haven COMMAND [ARGS...]", "", "Haven commands:"]
    for command in HAVEN_COMMANDS:
        lines.append(f"  {command:<12} {_summary(command)}")
    lines += [
        "",
        "Run 'haven COMMAND --help' for a command's options.",
        "Django's own management commands run the same way (e.g. 'haven check', 'haven dbshell');",
        "'haven help --commands' lists them all.",
    ]
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) < 2 or args[1] in {"-h", "--help"}:
        print_help()
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    from django.core.management import execute_from_command_line

    from haven.core.context import RequestContext, request_context

    request_context.set(
        RequestContext(path=" ".join(["haven", *args[1:3]])[:300], operator=f"{getpass.getuser()} (command line)")
    )

    try:
        execute_from_command_line(["haven", *args[1:]])
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as other command-line tools do.
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
