"""Document metadata: given by bureau staff, or derived and reported.

Staff give metadata in one of two places (the README explains both):

* text and Markdown files: YAML front matter at the top of the file;
* any file (PDF, DOCX, HTML, ...): a sidecar ``<file name>.meta.yaml`` beside it.

Keys: ``title``, ``date`` (YYYY-MM-DD, YYYY-MM or YYYY), ``type``, ``sender``, ``url``.
A sidecar wins over front matter. A missing field is derived from the file's
properties, its first heading or its file name, and the build report says so.
"""

from __future__ import annotations

import re
from pathlib import Path

from index import safeyaml
from index.citation import MONTH_NAMES
from index.models import Block, DocumentMeta

SIDECAR_SUFFIX = ".meta.yaml"
KEYS = ("title", "date", "type", "sender", "url")
SIDECAR_MAX_BYTES = 64 * 1024  # a sidecar holds five short fields

_MONTHS = {name: number for number, name in enumerate(MONTH_NAMES["nl"], start=1)}
_TEXT_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{4})\b")
_NAME_DATE = re.compile(r"^(\d{4})(?:[-_](\d{2}))?(?:[-_](\d{2}))?(?=[-_ .]|$)")
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TYPES = (
    "raadsinformatiebrief",
    "raadsbrief",
    "statenbrief",
    "raadsvoorstel",
    "statenvoorstel",
    "jaarverslag",
    "jaarplan",
    "begroting",
    "jaarrekening",
    "evaluatie",
    "samenwerkingsovereenkomst",
)


def sidecar_path(path: Path) -> Path:
    """The sidecar metadata file of a document."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> tuple[dict[str, str], list[str]]:
    """Read a document's sidecar, if any: (fields, warnings)."""
    side = sidecar_path(path)
    if not side.exists():
        return {}, []
    if not side.is_file():
        return {}, [f"{side.name} is not a regular file; metadata derived instead"]
    try:
        data = safeyaml.load(side.read_bytes(), max_bytes=SIDECAR_MAX_BYTES) or {}
    except OSError as exc:
        return {}, [f"{side.name} cannot be read ({exc.strerror}); metadata derived instead"]
    except safeyaml.YamlError as exc:
        return {}, [f"{side.name} is not valid YAML ({exc}); metadata derived instead"]
    if not isinstance(data, dict):
        return {}, [f"{side.name} is not a mapping; metadata derived instead"]
    return {str(k): "" if v is None else str(v) for k, v in data.items()}, []


def resolve(
    source: str, path: Path, given: dict[str, str], properties: dict[str, str], blocks: list[Block]
) -> tuple[DocumentMeta, list[str]]:
    """Combine given metadata with derived values; returns the metadata and warnings about it."""
    warnings: list[str] = []
    unknown = sorted(set(given) - set(KEYS))
    if unknown:
        warnings.append(f"{source}: unknown metadata key(s) ignored: {', '.join(unknown)} (known: {', '.join(KEYS)})")
    values = {k: given.get(k, "").strip() for k in KEYS}
    derived: dict[str, str] = {}

    if not values["title"]:
        heading = next((b.text for b in blocks if b.kind == "heading"), "")
        if properties.get("title"):
            values["title"], derived["title"] = properties["title"], "file properties"
        elif heading:
            values["title"], derived["title"] = heading, "first heading"
        else:
            values["title"], derived["title"] = _title_from_name(path), "file name"
    if not values["date"]:
        found = _date_from_name(path.name) or _date_from_text(blocks)
        if found:
            values["date"], derived["date"] = found, "file name or text"
        elif properties.get("date"):
            values["date"], derived["date"] = properties["date"], "file properties"
    elif not _ISO_DATE.match(values["date"]):
        warnings.append(f"{source}: date '{values['date']}' is not YYYY-MM-DD, YYYY-MM or YYYY; shown as given")
    if not values["type"]:
        haystack = f"{path.name} {values['title']}".lower()
        values["type"] = next((t for t in _TYPES if t in haystack), "document")
        derived["type"] = "file name or title"
    if not values["sender"] and properties.get("sender"):
        values["sender"], derived["sender"] = properties["sender"], "file properties"
    if derived:
        parts = ", ".join(f"{k} ({how})" for k, how in derived.items())
        warnings.append(f"{source}: metadata derived: {parts}")
    meta = DocumentMeta(source=source, derived=tuple(derived), **values)
    return meta, warnings


def _title_from_name(path: Path) -> str:
    stem = _NAME_DATE.sub("", path.stem).strip("-_ ")
    words = re.sub(r"[-_]+", " ", stem or path.stem).strip()
    return words[:1].upper() + words[1:]


def _date_from_name(name: str) -> str:
    m = _NAME_DATE.match(name)
    if not m or not 1990 <= int(m.group(1)) <= 2100:
        return ""
    return "-".join(g for g in m.groups() if g)


def _date_from_text(blocks: list[Block]) -> str:
    for block in blocks[:30]:
        m = _TEXT_DATE.search(block.text)
        if m:
            return f"{m.group(3)}-{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
        n = _NUMERIC_DATE.search(block.text)
        if n and 1 <= int(n.group(2)) <= 12 and 1 <= int(n.group(1)) <= 31:
            return f"{n.group(3)}-{int(n.group(2)):02d}-{int(n.group(1)):02d}"
    return ""
