"""Saving a document an admin uploads: a safe name inside knowledge/, never a silent overwrite."""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from telegram.error import NetworkError

from index.config import TelegramConfig

MAX_NAME = 120


@dataclass
class UploadPlan:
    """Where an upload goes, or why it is refused (``error`` is a text key)."""

    error: str | None = None
    message: str = "upload_saved"
    values: dict[str, object] = field(default_factory=dict)
    temp: Path = Path()
    final: Path = Path()


def safe_name(filename: str) -> str:
    """A plain file name: no directories, no control or special characters, no leading dot."""
    name = unicodedata.normalize("NFC", filename).replace("\\", "/").split("/")[-1]
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = re.sub(r"[^\w .()-]+", "-", stem, flags=re.UNICODE).strip(" .-") or "document"
    suffix = re.sub(r"[^\w]+", "", suffix).lower()
    stem = stem[: MAX_NAME - len(suffix) - 1]
    return f"{stem}.{suffix}" if suffix else stem


def plan_upload(knowledge_dir: Path, filename: str, size: int, tg: TelegramConfig, replace: bool) -> UploadPlan:
    """Decide the target path of an upload, or refuse it by type or size."""
    name = safe_name(filename)
    suffix = Path(name).suffix.lower()
    if suffix not in tg.upload_types:
        return UploadPlan(error="upload_type", values={"suffix": suffix or "?", "allowed": ", ".join(tg.upload_types)})
    if size > tg.max_upload_mb * 1024 * 1024:
        return UploadPlan(error="upload_size", values={"size_mb": size / 1024 / 1024, "max_mb": tg.max_upload_mb})
    root = knowledge_dir.resolve()
    root.mkdir(parents=True, exist_ok=True)
    final = (root / name).resolve()
    if not final.is_relative_to(root):  # defence in depth; safe_name already removed directories
        return UploadPlan(error="upload_type", values={"suffix": suffix, "allowed": ", ".join(tg.upload_types)})
    plan = UploadPlan(values={"name": name}, final=final, temp=root / f".upload-{secrets.token_hex(6)}{suffix}")
    if final.exists():
        if replace:
            plan.message = "upload_replaced"
        else:
            stem, n = final.stem, 2
            while (root / f"{stem}-{n}{suffix}").exists():
                n += 1
            plan.final = root / f"{stem}-{n}{suffix}"
            plan.message = "upload_renamed"
            plan.values = {"existing": name, "name": plan.final.name}
    return plan


def commit_upload(plan: UploadPlan) -> None:
    """Move the downloaded temporary file into place atomically."""
    os.replace(plan.temp, plan.final)


class TooLarge(Exception):
    """More bytes arrived than the upload limit allows."""


async def download_capped(location: str, dest: Path, cap: int, timeout: float = 60.0) -> int:
    """Stream a Telegram file to ``dest``, stopping at ``cap`` bytes whatever the file claims to be.

    ``location`` is the file's URL (it contains the token: it is never logged or shown) or, with
    a local Bot API server, a path. Raises :class:`TooLarge` (``dest`` removed) or NetworkError.
    """
    written = 0
    try:
        with dest.open("wb") as out:
            if not location.startswith(("http://", "https://")):
                with Path(location).open("rb") as src:
                    while block := src.read(1 << 16):
                        written += len(block)
                        if written > cap:
                            raise TooLarge
                        out.write(block)
                return written
            async with httpx.AsyncClient(timeout=timeout) as client, client.stream("GET", location) as response:
                if response.status_code != 200:
                    raise NetworkError(f"file download failed with HTTP {response.status_code}")
                async for block in response.aiter_bytes(1 << 16):
                    written += len(block)
                    if written > cap:
                        raise TooLarge
                    out.write(block)
    except httpx.HTTPError as exc:
        dest.unlink(missing_ok=True)
        raise NetworkError(f"file download failed ({exc.__class__.__name__})") from None
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return written
