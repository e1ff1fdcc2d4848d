"""Human citations: "Title (raadsbrief, 19 mei 2021), p. 3" in Dutch or English."""

from __future__ import annotations

from index import langdata
from index.models import Chunk, DocumentMeta

MONTH_NAMES: dict[str, list[str]] = {str(k): [str(m) for m in v] for k, v in langdata.table("months.yaml").items()}


def display_date(iso: str, lang: str = "nl") -> str:
    """ "2021-05-19" -> "19 mei 2021"; "2022-06" -> "juni 2022"; anything else as given."""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTH_NAMES[lang][int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTH_NAMES[lang][int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return iso


def describe(meta: DocumentMeta | Chunk, lang: str = "nl") -> str:
    """ "Title (type, date)" for a document or a passage."""
    extra = ", ".join(p for p in (meta.type, display_date(meta.date, lang)) if p)
    return f"{meta.title} ({extra})" if extra else meta.title


def locator(chunk: Chunk, lang: str = "nl") -> str:
    """ "p. 3" / "blz. 3-4" and/or the section, or "" when neither is known."""
    parts = []
    if chunk.page is not None:
        pages = f"{chunk.page}-{chunk.page_end}" if chunk.page_end and chunk.page_end > chunk.page else str(chunk.page)
        parts.append(f"{'blz.' if lang == 'nl' else 'p.'} {pages}")
    if chunk.section:
        parts.append(f"{'onderdeel' if lang == 'nl' else 'section'} “{chunk.section}”")
    return ", ".join(parts)


def cite(chunk: Chunk, lang: str = "nl") -> str:
    """The full citation line of a passage."""
    where = locator(chunk, lang)
    return f"{describe(chunk, lang)}{', ' + where if where else ''}"


def display_time(stamp: str, lang: str = "nl") -> str:
    """ "2026-11-22T11:53:49Z" -> "22 november 2026, 11:53 UTC"; anything else as given."""
    date, _, clock = stamp.partition("T")
    if not clock:
        return stamp
    return f"{display_date(date, lang)}, {clock[:5]} UTC"
