"""Plain text and Markdown, with optional YAML front matter.

Encoding: UTF-8 (with or without BOM) first; when that fails and the bytes are
valid Windows-1252 whose non-ASCII characters are ones Dutch text uses, the file
is read as Windows-1252. Anything else (binary data, another encoding) is refused.
"""

from __future__ import annotations

from pathlib import Path

from index import safeyaml
from index.cleaning import clean_pages
from index.readers.base import ReadResult, Unreadable

# Non-ASCII characters expected in Dutch (and English) office text in Windows-1252.
FRONT_MATTER_MAX_BYTES = 64 * 1024  # title, date, type, sender, url
_CP1252_PLAUSIBLE = set("àáâäèéêëìíîïòóôöùúûüçñÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜÇÑ‘’“”„–—…•€°²³½¼ß×·«»§©®™")


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise :class:`Unreadable`."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _decode_utf16(data, "utf-16"), "utf-16"
    if b"\x00" in data[:8192]:
        utf16 = _bomless_utf16(data[:8192])
        if utf16 is None:
            raise Unreadable("binary content (NUL bytes), not text")
        return _decode_utf16(data, utf16), utf16
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise Unreadable("not UTF-8 and not Windows-1252 text") from None
    high = [ch for ch in text if ord(ch) > 127]
    odd = sum(ch not in _CP1252_PLAUSIBLE for ch in high)
    controls = sum(ch < " " and ch not in "\n\r\t\f" for ch in text)
    if controls or odd > max(2, len(high) // 10):
        raise Unreadable("unknown text encoding (neither UTF-8 nor plausible Windows-1252)")
    return text, "windows-1252"


def _bomless_utf16(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes sit where UTF-16 puts them for Latin text, else None."""
    even, odd = head[0::2], head[1::2]
    if len(head) >= 4 and odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.05 * len(even):
        return "utf-16-le"
    if len(head) >= 4 and even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise Unreadable(f"looks like {encoding.upper()} text but does not decode as it") from None
    if any(ch < " " and ch not in "\n\r\t\f" for ch in text[:10000]):
        raise Unreadable("binary content, not text")
    return text


def split_front_matter(text: str) -> tuple[dict[str, str], str, list[str]]:
    """Split YAML front matter (between '---' lines at the top) from the body."""
    if not text.startswith("---"):
        return {}, text, []
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text, []
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, text, ["front matter has no closing '---'; read as text"]
    raw = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    try:
        data = safeyaml.load(raw, max_bytes=FRONT_MATTER_MAX_BYTES) or {}
    except safeyaml.YamlError as exc:
        return {}, body, [f"front matter is not valid YAML ({exc}); metadata derived instead"]
    if not isinstance(data, dict):
        return {}, body, ["front matter is not a mapping; metadata derived instead"]
    return {str(k): "" if v is None else str(v) for k, v in data.items()}, body, []


def read_text(path: Path) -> ReadResult:
    """Read a .txt or .md file."""
    text, encoding = decode(path.read_bytes())
    given, body, warnings = split_front_matter(text.replace("\r\n", "\n"))
    if encoding != "utf-8":
        warnings.append(f"read as {encoding}")
    return ReadResult(clean_pages([(None, body)]), given=given, warnings=warnings)
