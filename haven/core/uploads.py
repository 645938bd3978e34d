"""Uploaded files kept for the worker: one place decides where they go and what they are called."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_name_safe(name: str) -> str:
    """A file name with anything but letters, digits, dots, dashes and underscores made an underscore."""
    return _UNSAFE.sub("_", name)


def upload_to_scratch(upload: UploadedFile) -> Path:
    """Write an upload under MEDIA_ROOT/uploads with a name of our own; the caller deletes it when done.

    The person's file name is kept at the end, made safe, so the folder stays readable.
    """
    safe = file_name_safe(Path(upload.name or "").name)[-100:] or "upload"
    folder = Path(settings.MEDIA_ROOT) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}-{safe}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target
