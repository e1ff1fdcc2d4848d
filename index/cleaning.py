"""Turn extracted text into clean paragraphs and headings.

Real council documents come out of PDF converters and OCR with hard line breaks
inside paragraphs, words hyphenated at the end of a line ("be-\\nvorderen"),
ligatures, repeated page headers and footers, and a letterhead and signature
around the content. This module keeps the meaning and removes the noise:
text becomes :class:`~index.models.Block` values (paragraphs, headings, boilerplate).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from index import layout
from index.analysis import YEAR
from index.layout import Line
from index.models import GUESSED_LEVEL, Block
from index.tables import looks_like_header, table_blocks

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\uf001": "fi",  # the code points older fonts gave their ligatures
    "\uf002": "fl",
}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe\uffff"), None)
# Bullets from symbol fonts (private use area) and odd hyphens, as a reader sees them.
_ODD = str.maketrans(
    {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•", "\uf076": "•", "\uf0fc": "✓", "\u2010": "-", "\u2011": "-", "\ufffd": "•"}
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# "be-\nvorderen" is one word; "Zuid-\nen Oost-Drenthe" and "bedrijfs-\nof onderwijsleven" are two
_HYPHEN_BREAK = re.compile(r"(?<=[a-zà-ÿ])-[ \t]*\n[ \t]*(?=[a-zà-ÿ])(?!(?:en|of|tot)\b)")
_DOUBLE_HYPHEN = re.compile(r"-{2,}")
_BROKEN_WORD = re.compile(r"[^\W\d_]-$")  # a line that ends in a word cut at its hyphen ("logischer-", "Zuidoost-")
_ELLIPSIS = re.compile(r"(?:en|of|tot)\b")  # what follows "Zuid-" in "Zuid- en Oost-Drenthe"
_HYPHEN_KEEP = re.compile(r"(?<=\w)-[ \t]*\n[ \t]*(?=\w)")
_LIST_ITEM = re.compile(rf"^\s*(?:{layout.LIST_MARK})\s+\S")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"[.!?:;…)\"”’]\s*$")
_MARKUP = re.compile(r"(\*\*|__)")
_NUMBER = re.compile(r"\b\d+(?:\.\d+)*\b")
MAX_SECTION_NUMBER = 30  # "70 Initiatieven gesproken" is a count, "12 Financiën" a chapter
_AMOUNT = re.compile(r"\d[.,]\d{3}\b|\d+,\d{2}\b")
_DANGLING = layout.DANGLING

# Lines that belong to a letterhead, reference block or signature, not to the content.
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        (?-i:\d{4}\s?[A-Z]{2})\b.*                               # Dutch postcode: 7811 AP Emmen
      | postbus\b.*
      | [tf]\.\s*(?:\+|\d|\(\d).* | [ei]\.\s*\S+[@.]\S+.*          # t. 14 0591 / e. post@x.nl / i. www.x.nl, not "F. (Floor) Vermeulen"
      | (?:tel|telefoon|fax|e-?mail|website|internet|iban|kvk)\b.*
      | \S+@\S+\.\S+
      | (?:https?://|www\.)\S+
      | <https?://\S+>
      | .*\b(?:ons\ kenmerk|uw\ kenmerk|kenmerk|zaaknummer|behandeld\ door|doorkiesnummer)\b.*
      | (?:datum|onderwerp|status|bijlagen?|cc|verzonden)\s*(?::.*)?
      | aan\s*:.* | aan\ de\ (?:raad|voorzitter|leden|gemeenteraad)\b.*
      | geachte?\b.*
      | hoogachtend.* | met\ (?:vriendelijke|hartelijke)\ groet.*
      | .*\bburgemeester\ en\ wethouders\b.*
      | (?:de\ )?(?:burgemeester|gemeentesecretaris|secretaris|voorzitter|griffier)[,.]?
      | ,\s*(?:voorzitter|secretaris).*
      | (?:gedeputeerde|provinciale)\ staten\ van\ \w+,?
      | de\ voorzitter\ en\ leden\ van
      | md/coll\.? | b\.v\.? | i\.o\.?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Address and contact lines of a letterhead: they say where to write, not what the letter says.
_ADDRESS_LINE = re.compile(
    r"""^(?:
        (?-i:\d{4}\s?[A-Z]{2})\b.* | postbus\b.* | [tf]\.\s*(?:\+|\d|\(\d).* | [ei]\.\s*\S+[@.]\S+.*
      | (?:tel|telefoon|fax|e-?mail|website|internet|iban|kvk)\b.*
      | \S+@\S+\.\S+ | (?:https?://|www\.)\S+ | <https?://\S+> | .*\b(?-i:\d{4}\s?[A-Z]{2})\s+[A-Z][a-z]+.*
      | [A-Z][a-z]+(?:straat|plein|weg|laan|haven|kade|singel|gracht|dijk|park|markt|hof)\s+\d+\w?\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_SALUTATION = re.compile(r"^geachte?\b", re.IGNORECASE)  # "Geachte heer", "Geacht college", "Geacht bestuur"
# "Geachte heer, mevrouw, Hierbij ...": up to the comma after which a sentence begins
_SALUTATION_THEN_TEXT = re.compile(r"^(geachte?\b[^\n]{1,80}?,)\s+((?-i:[A-Z0-9]).*)$", re.IGNORECASE | re.DOTALL)
MIN_TEXT_AFTER_SALUTATION = 6  # words: more than a name on the next line
CLOSING = re.compile(r"^(hoogachtend|met (vriendelijke|hartelijke) groet)", re.IGNORECASE)  # a letter closes
_TOC_LEADER = re.compile(r"\s*(?:\.{3,}|…{2,}|(?:\. ){3,})\s*")
# "De Staatssecretaris van Veiligheid en Justitie," then "F. Teeven": a signature without a closing formula.
_SIGNER_ROLE = re.compile(
    r"^(?:de|het)\s+(?:\w+\s+)?(?:minister|staatssecretaris|burgemeester|wethouder|voorzitter|griffier|secretaris|"
    r"directeur|gedeputeerde|commissaris|college|dagelijks bestuur|algemeen bestuur)\b.{0,80},$",
    re.IGNORECASE,
)
# A motion's fixed last words; the movers' names follow (in a PDF often in bold, like a heading).
_MOTION_END = re.compile(r"\ben gaat over tot de orde van de dag\.?$", re.IGNORECASE)
_AFTER_SIGNATURE = re.compile(r"^(?:p\.?s\.?|n\.?b\.?|bijlagen?|cc|afschrift)\b", re.IGNORECASE)


def normalize(text: str) -> str:
    """Unicode and whitespace normalisation that keeps the line structure."""
    text = unicodedata.normalize("NFC", text)
    for lig, rep in _LIGATURES.items():
        text = text.replace(lig, rep)
    text = text.translate(_INVISIBLE).translate(_ODD)
    text = _DOUBLE_HYPHEN.sub("-", text)  # "WWB-\u2010uitkering": a hyphen and a hyphen glyph, one hyphen
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def dehyphenate(text: str) -> str:
    """Join words split at a line end: "be-\\nvorderen" -> "bevorderen"; "IT-\\ngericht" keeps its hyphen."""
    text = _HYPHEN_BREAK.sub("", text)
    text = re.sub(r"(?<=\w)-[ \t]*\n[ \t]*(?=(?:en|of|tot)\b)", "- ", text)  # "Zuid- en Oost-Drenthe"
    return _HYPHEN_KEEP.sub("-", text)


def strip_repeated_lines(pages: list[str]) -> list[str]:
    """Remove running headers and footers: edge lines that recur on at least half of the pages."""
    if len(pages) < 2:
        return pages

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    def edges(page: str) -> list[str]:
        lines = [ln for ln in page.split("\n") if ln.strip()]
        return lines[:2] + lines[-2:]

    counts = Counter(k for page in pages for k in {key(ln) for ln in edges(page)})
    threshold = max(2, (len(pages) + 1) // 2)
    repeated = {k for k, n in counts.items() if n >= threshold and k.strip("# ")}
    repeated |= {k for k, n in counts.items() if n >= threshold and re.fullmatch(r"[#\s/-]*(pagina|page)?[#\s/-]*", k)}
    out = []
    for page in pages:
        lines = page.split("\n")
        nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
        edge_idx = set(nonblank[:2] + nonblank[-2:])
        out.append("\n".join(ln for i, ln in enumerate(lines) if not (i in edge_idx and key(ln) in repeated)))
    return out


def join_words(left: str, right: str) -> str:
    """Join two runs of one paragraph: with a space, or as one word where a line ended in a hyphen
    ("logischer-" | "wijs" -> "logischerwijs", "Zuidoost-" | "Drenthe" -> "Zuidoost-Drenthe")."""
    if _BROKEN_WORD.search(left) and right[:1].isalnum() and not _ELLIPSIS.match(right):
        return left[:-1] + right if _HYPHEN_BREAK.search(f"{left[-2:]}\n{right[:4]}") else left + right
    return f"{left} {right}"


def _join_lines(lines: list[str]) -> str:
    """Join the hard-wrapped lines of one paragraph; list items keep their own lines."""
    out: list[str] = []
    for line in lines:
        line = _MARKUP.sub("", line).strip()
        if not line:
            continue
        if out and not _LIST_ITEM.match(line):
            out[-1] = join_words(out[-1], line)
        else:
            out.append(line)
    return "\n".join(out)


def _raw_paragraphs(text: str) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        alone = bool(_MD_HEADING.match(line)) or _is_caps_line(line)
        if alone and current:
            paragraphs.append(current)
            current = []
        current.append(line)
        if alone:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_caps_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters) and len(line.split()) <= 12


# A note marked with a roman numeral, as Word numbers endnotes: "i Snelstudies zijn kortlopende onderzoeken ..."
_ROMAN_NOTE = re.compile(r"^[ivx]{1,4}\s+[A-Z][a-z]")


def _merge_broken(paragraphs: list[list[str]]) -> list[list[str]]:
    """Glue a paragraph that a converter split with a blank line in mid-sentence."""
    merged: list[list[str]] = []
    for para in paragraphs:
        first = _MARKUP.sub("", para[0]).strip()
        previous = _MARKUP.sub("", merged[-1][-1]).strip() if merged else ""
        last_word = previous.rsplit(" ", 1)[-1].lower() if previous else ""
        if (
            merged
            and (first[:1].islower() or first[:1] in "(<" or last_word in _DANGLING or _BROKEN_WORD.search(previous))
            and not _LIST_ITEM.match(first)
            and not _ROMAN_NOTE.match(first)  # "i Snelstudies zijn ...": an endnote under "F. (Floor) Vermeulen"
            and not _SENTENCE_END.search(previous)
            and not _MD_HEADING.match(merged[-1][0])
            and not _MD_HEADING.match(para[0])  # a heading the layout found, after a line that ends in "bij"
            # a line in capitals is a heading, unless the sentence before is cut off ("in de begroting van" /
            # "ESMA.") or it is a bracketed abbreviation ("... Europese Unie" / "(VWEU)")
            and not (_is_caps_line(first) and last_word not in _DANGLING and first[:1] != "(")
            and not _is_caps_line(previous)
        ):
            merged[-1] = merged[-1] + para
        else:
            merged.append(para)
    return merged


def _is_heading(text: str) -> bool:
    words = text.split()
    if not words or "\n" in text or len(words) > 12 or len(text) > 90:
        return False
    if text.startswith("(") and text.endswith(")"):
        return False  # "(VWEU)": an aside, not a title
    if _AMOUNT.search(text):
        return False  # "VLOTTENDE ACTIVA 4.779 4.988": a table's total
    if _is_caps_line(text):
        return True
    if ", " in text:
        return False
    if _SENTENCE_END.search(text) or text.endswith(",") or re.search(r"[.!?]\s", text):
        return False
    if words[-1].lower() in _DANGLING or _BROKEN_WORD.search(text):
        return False  # "... van de" or "... logischer-": the sentence goes on in the next line
    if not text[0].isupper() and not text[0].isdigit():
        return False
    if _counts_not_headings(text):
        return False
    return sum(ch.isalpha() for ch in text) >= 3


def _counts_not_headings(text: str) -> bool:
    """Figures from an infographic ("70 Initiatieven gesproken 20 Stuur- en werkgroep ...") are not headings.

    A heading may start with a section number ("3. Plannen", "2.1 Kader") and mention a year;
    a line that starts with a larger count, or holds a second number that is no year, is content.
    """
    numbers = _NUMBER.findall(text)
    if not numbers:
        return False
    leading = numbers[0] if text[0].isdigit() else None
    if leading is not None and not re.match(r"\d{1,2}(?:\.\d{1,2})*\.?\s", text):
        return True
    if leading is not None and int(leading.split(".")[0]) > MAX_SECTION_NUMBER:
        return True
    rest = numbers[1:] if leading is not None else numbers
    return any(not YEAR.fullmatch(n) for n in rest)


def _is_boilerplate(lines: list[str], pattern: re.Pattern[str] | None = None) -> bool:
    """Mostly reference-block lines; with ``pattern`` (address lines): every line one."""
    stripped = [_MARKUP.sub("", ln).strip() for ln in lines if ln.strip()]
    hits = sum(len(ln) <= 120 and bool((pattern or _BOILERPLATE_LINE).match(ln)) for ln in stripped)
    if pattern is not None:
        return bool(stripped) and hits == len(stripped)
    return bool(stripped) and hits * 2 >= len(stripped)


def text_to_blocks(text: str, page: int | None = None, not_headings: frozenset[str] = frozenset()) -> list[Block]:
    """Split normalised text into paragraph, heading and boilerplate blocks.

    Headings marked "## ..." are taken as given; other short lines are guessed from their text,
    except the lines in ``not_headings`` (on a PDF page: lines in small type, footnotes and captions).
    """
    text = dehyphenate(normalize(text))
    blocks: list[Block] = []
    for lines in _merge_broken(_raw_paragraphs(text)):
        md = _MD_HEADING.match(lines[0])
        if md and len(lines) == 1:
            blocks.append(Block(md.group(2).strip(), "heading", page, len(md.group(1))))
            continue
        joined = _join_lines(lines)
        if not joined:
            continue
        if _is_boilerplate(lines, _ADDRESS_LINE):  # an address and contact block: not content
            blocks.append(Block(joined, "boilerplate", page, reason="address"))
        elif _is_boilerplate(lines):  # a reference block (kenmerk, datum, onderwerp): content of its own
            blocks.append(Block(joined, "text", page, reason="reference"))
        elif not _all_in(lines, joined, not_headings) and _is_heading(joined):
            blocks.append(Block(joined, "heading", page, GUESSED_LEVEL))
        else:
            blocks.append(Block(joined, "text", page))
    return blocks


def _all_in(lines: list[str], joined: str, texts: frozenset[str]) -> bool:
    """Is this paragraph, or each of its lines ("Ter vaststelling" / "Ter vaststelling" in small type), among ``texts``?"""
    if not texts:
        return False
    return joined in texts or all(" ".join(_MARKUP.sub("", ln).split()) in texts for ln in lines if ln.strip())


def rows_to_blocks(rows: list[list[str]]) -> list[Block]:
    """A word processor's table (DOCX, ODT): a one-column box (a call-out) is paragraphs, else table rows."""
    rows = [r for r in rows if any(r)]
    if rows and all(len(r) == 1 for r in rows):
        return [b for r in rows for b in text_to_blocks(r[0])]
    return table_blocks(rows)


def mark_letter_frame(blocks: list[Block]) -> list[Block]:
    """Classify a letter's letterhead and signature; both stay content, in passages of their own.

    The letterhead is what stands before "Geachte ..." on the first page, and only when that
    page is the letter's first (a bundle whose page 11 holds an e-mail is not a letter). The
    signature is the short lines after "Hoogachtend" / "Met vriendelijke groet" (at most six);
    a P.S., an annex list or an added paragraph after it is ordinary text again.
    """
    out = list(blocks)
    first_page = out[0].page if out else None
    first_salutation = next((i for i, b in enumerate(out[:40]) if _SALUTATION.match(b.text)), None)
    if first_salutation is not None:  # "Geachte minister, Het project ...": the letter's text starts after the comma
        b = out[first_salutation]
        m = _SALUTATION_THEN_TEXT.match(b.text)
        if m and len(m.group(2).split()) >= MIN_TEXT_AFTER_SALUTATION:
            cut = m.start(2)  # page breaks inside the block, counted from the start of each part
            out[first_salutation : first_salutation + 1] = [
                replace(b, text=m.group(1), breaks=tuple((o, pg) for o, pg in b.breaks if o < cut)),
                replace(b, text=m.group(2), breaks=tuple((o - cut, pg) for o, pg in b.breaks if o >= cut)),
            ]
    if first_salutation is not None and out[first_salutation].page == first_page:
        for i in range(first_salutation + 1):
            if out[i].kind in ("text", "heading") and out[i].reason != "footnote":  # "Lid Gedeputeerde Staten" too
                out[i] = replace(out[i], kind="text", reason="letterhead")
    signature_left = 0
    names = False  # after a motion's last words: the names may be set like headings
    for i, b in enumerate(out):
        if b.reason == "footnote":  # the footnotes of a page: neither signature nor the end of one
            continue
        if (CLOSING.match(b.text) or _SIGNER_ROLE.match(b.text)) and b.kind == "text":
            out[i] = replace(b, reason="signature")
            signature_left, names = 6, False
            continue
        if b.kind == "text" and _MOTION_END.search(b.text):  # the motion's text, then its movers
            signature_left, names = 6, True
            continue
        kinds = ("text", "heading") if names else ("text",)
        if signature_left and b.kind in kinds and len(b.text.split()) <= 12 and not _AFTER_SIGNATURE.match(b.text):
            out[i] = replace(b, kind="text", reason="signature")
            signature_left -= 1
        else:
            signature_left, names = 0, False
    return out


RUNNING_TITLE_SHARE = 0.4  # a running title heads this share of the pages at least (as running headers do)
RUNNING_TITLE_PAGES = 3  # and this many: in a short document a section heading may come back on two pages


def _tidy_headings(blocks: list[Block]) -> list[Block]:
    """Drop headings that repeat as running titles and join a capitalised heading split over two lines.

    A heading that comes back is a running title when it stands on many of the pages (without
    pages: when it comes back at all). A section heading may come back a few times: "Inbreng van
    de leden van de VVD-fractie" heads the questions and again the answers of a written consultation.
    """
    counts = Counter(b.text.lower() for b in blocks if b.kind == "heading")
    # the first and last block of each page: where a running title stands ("Beschrijving van de indicator"
    # in the middle of every indicator's page is the heading of a part of it)
    edges: set[int] = set()
    for n, b in enumerate(blocks):
        if b.page is not None and (
            n == 0 or blocks[n - 1].page != b.page or n + 1 == len(blocks) or blocks[n + 1].page != b.page
        ):
            edges.add(n)
    pages: dict[str, set[int]] = {}
    for n, b in enumerate(blocks):
        if b.kind == "heading" and b.page is not None and n in edges:
            pages.setdefault(b.text.lower(), set()).add(b.page)
    paged = any(b.page is not None for b in blocks)
    total = len({b.page for b in blocks if b.page is not None})

    def running(key: str) -> bool:
        if counts[key] < 2:
            return False
        on = pages.get(key, set())
        if not paged:
            return True
        return len(on) >= max(RUNNING_TITLE_PAGES, math.ceil(RUNNING_TITLE_SHARE * total))

    out: list[Block] = []
    for b in blocks:
        if b.kind == "heading" and running(b.text.lower()):
            out.append(Block(b.text, "boilerplate", b.page, reason="running title"))
        elif b.kind == "heading" and out and out[-1].kind == "heading" and b.text.isupper() and out[-1].text.isupper():
            out[-1] = Block(f"{out[-1].text} {b.text}", "heading", out[-1].page, out[-1].level)
        else:
            out.append(b)
    return out


def clean_pages(pages: Iterable[tuple[int | None, str]]) -> list[Block]:
    """Clean the text of each page (or of a whole document with page None) into blocks."""
    numbered = list(pages)
    texts = strip_repeated_lines([normalize(t) for _, t in numbered])
    blocks: list[Block] = []
    for (page, _), text in zip(numbered, texts, strict=True):
        blocks.extend(text_to_blocks(text, page))
    return mark_letter_frame(join_page_breaks(_tidy_headings(_drop_repeats(blocks))))


def join_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join a paragraph that runs on over a page break ("... the regio" | "en de provincie ...", "be-" | "vorderen").

    The joined block remembers where the later page starts, so each sentence keeps its page.
    """
    out: list[Block] = []
    for b in blocks:
        notes = 0  # the footnotes at the foot of the page before: the paragraph above them runs on
        while notes < len(out) and out[-1 - notes].reason == "footnote":
            notes += 1
        prev = out[-1 - notes] if len(out) > notes else None
        if (
            prev is not None
            and prev.kind == "text"
            and b.kind == "text"
            and not prev.reason
            and not b.reason
            and b.page is not None
            and prev.page_at(len(prev.text) - 1) is not None
            and b.page > (prev.page_at(len(prev.text) - 1) or 0)
            and not _SENTENCE_END.search(prev.text)
            and (b.text[:1].islower() or prev.text.rsplit(" ", 1)[-1].lower() in _DANGLING or _BROKEN_WORD.search(prev.text))
            and not _LIST_ITEM.match(b.text)
        ):
            text = join_words(prev.text, b.text)  # "be-" | "vorderen": one word again
            offset = len(text) - len(b.text)
            out[-1 - notes] = replace(
                prev,
                text=text,
                breaks=(*prev.breaks, (offset, b.page), *((o + offset, pg) for o, pg in b.breaks)),
            )
        else:
            out.append(b)
    return out


COLUMN_SLACK = 20.0  # PDF points a line may start away from its column's left edge


def clean_layout_pages(pages: list[tuple[int, list[Line]]]) -> tuple[list[Block], str, list[tuple[int | None, str, str]]]:
    """Clean PDF pages given as lines with layout: (blocks, the title on the first page, dropped lines).

    The title is the display title of :func:`index.layout.display_title`.

    Dropped lines are (page, reason, text): running headers and footers, page numbers and
    table-of-contents lines (see :mod:`index.layout`).
    """
    normalized = [
        [Line(normalize(ln.text), ln.y, ln.size, ln.bold, tuple((x, normalize(c)) for x, c in ln.cells), ln.x) for ln in lines]
        for _, lines in pages
    ]
    running = layout.running_lines(normalized)
    body = layout.body_size(normalized)
    blocks: list[Block] = []
    dropped: list[tuple[int | None, str, str]] = []
    header: tuple[list[str], tuple[float, ...]] | None = None  # the last table's header row and columns
    keys: list[frozenset[str]] = []  # each page's lines as contents entries compare, made when first needed
    toc_at_foot = False  # the page before ended in its table of contents
    for p, ((page, _), lines) in enumerate(zip(pages, normalized, strict=True)):
        gone = {i for (q, i) in running if q == p}
        later: frozenset[str] = frozenset()  # the lines of the later pages, only where contents may stand
        if toc_at_foot or any(layout.toc_heading(ln.text) for ln in lines):
            keys = keys or [frozenset(layout.toc_key(ln.text) for ln in page_lines) for page_lines in normalized]
            later = frozenset().union(*keys[p + 1 :])
        toc = layout.toc_lines(lines, later, toc_at_foot, frozenset(gone))
        last = max((i for i, ln in enumerate(lines) if i not in gone and layout.toc_key(ln.text)), default=None)
        toc_at_foot = bool(toc) and last in toc
        for i in sorted(gone):
            if lines[i].text.strip():
                dropped.append((page, running[(p, i)], lines[i].text.strip()))
        if toc:  # kept, as a passage of its own that search ranks low: it names every topic and answers none
            entries = [layout.toc_key(_TOC_LEADER.sub(" ", lines[i].text)) for i in sorted(toc)]
            entries = [e for e in entries if e]
            blocks.append(Block("\n".join(entries), "text", page, reason="toc"))
        # a footnote ("4 www.ocwincijfers.nl") or caption in small type is never a section heading
        # nor is a line of a table ("Algemene dekkingsmiddelen   Realisatie   Realisatie")
        small = frozenset(
            " ".join(ln.text.split()) for ln in lines if (body > 0 and ln.size < body * 0.95) or layout.table_row(ln)
        )
        notes = layout.footnote_lines(lines, gone | toc, body)
        gone = gone | notes  # read after the page's text, so that a sentence running on to the next page stays whole
        start = 0
        for run_start, run_end in [*layout.table_runs(lines, gone | toc), (len(lines), len(lines))]:
            if run_start > start:
                text = layout.page_markdown(
                    lines[start:run_start], {i - start for i in gone | toc if start <= i < run_start}, body
                )
                blocks.extend(text_to_blocks(text, page, small))
            if run_end > run_start:
                rows, columns = layout.table_rows(lines, run_start, run_end, gone | toc)
                if layout.text_columns(rows):  # two text columns written line by line: the left one, then the right
                    texts = [[r[0] for r in rows], [r[1] for r in rows]]
                    while run_end < len(lines) and not lines[run_end].cells and run_end not in gone | toc:
                        x = lines[run_end].x  # a column that runs on below the other: its own lines
                        nearest = min((0, 1), key=lambda c: abs(columns[c] - x))
                        if not abs(columns[nearest] - x) <= COLUMN_SLACK:  # in neither column (or x unknown: NaN)
                            break
                        texts[nearest].append(lines[run_end].text)
                        run_end += 1
                    for column in texts:
                        blocks.extend(text_to_blocks("\n".join(column), page, small))
                    start = run_end
                    continue
                if looks_like_header(rows[0]):
                    header = (rows[0], columns)
                elif header is not None and len(header[1]) == len(columns) and layout.aligned(header[1], columns) >= 2:
                    rows = [header[0], *rows]  # a table that runs on from the page before: its header again
                    blocks.extend(table_blocks(rows, page)[1:])
                    start = run_end
                    continue
                blocks.extend(table_blocks(rows, page))
            start = run_end
        if notes:
            blocks.append(Block("\n".join(lines[i].text.strip() for i in sorted(notes)), "text", page, reason="footnote"))
    title = layout.display_title(normalized[0], body) if normalized else ""
    return mark_letter_frame(join_page_breaks(_tidy_headings(_drop_repeats(blocks)))), title, dropped


REPEATED = "repeated on the page"  # the reason of a paragraph that the page already holds (kept once)
MIN_REPEAT_RUN = 3  # paragraphs in a row: one may well stand twice ("Aangenomen. De minister zal ... sturen.")
MIN_REPEAT_WORDS = 30  # and words in them


def _drop_repeats(blocks: list[Block]) -> list[Block]:
    """The paragraphs of a page that stand a second time in a row on it: the text layer holds the page's text
    twice (objects drawn over each other), and a reader sees it once."""
    seen: set[tuple[int | None, str, str]] = set()
    again: list[bool] = []
    for b in blocks:
        key = (b.page, b.kind, " ".join(b.text.split()))
        again.append(b.kind != "boilerplate" and key in seen)
        seen.add(key)
    out = list(blocks)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and again[j]:
            j += 1
        if j - i >= MIN_REPEAT_RUN and sum(len(b.text.split()) for b in out[i:j]) >= MIN_REPEAT_WORDS:
            out[i:j] = [replace(b, kind="boilerplate", reason=REPEATED) for b in out[i:j]]
        i = max(j, i + 1)
    return out
