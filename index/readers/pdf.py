"""PDF with pypdf: the text layer page by page, with the layout of every line.

pypdf's plain extraction was measured best on real Dutch government PDFs (every test
phrase found, on its page, no broken words; pypdfium2, pdfminer.six and pdfplumber split
or glued words or mixed side columns into the body). Its ``visitor_text`` callback gives
the position and font of each piece of text in the same pass, so the lines carry their
height on the page, font size and weight: :mod:`index.layout` uses them for headings,
running headers and footers, page numbers and the title on the first page.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

from index.analysis import STOP_WORDS
from index.cleaning import clean_layout_pages
from index.layout import EDGE, Line, subject_line
from index.readers.base import ReadResult, Unreadable

logging.getLogger("pypdf").setLevel(logging.ERROR)
log = logging.getLogger(__name__)
_MARKER = re.compile(r"\d{1,3}")  # a footnote mark
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SUPERSCRIPT_SIZE = 0.8  # a mark is set smaller than this share of the line's type
SUPERSCRIPT_RISE = 0.15  # and raised by this share of it above the line's baseline
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


def _multiply(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def page_lines(page: Any) -> list[Line]:
    """The lines of one page, each with its height on the page, font size and weight."""
    parts: list[tuple[str, float, float, bool, float]] = []  # text, baseline, size, bold, x

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not text:
            return
        try:
            m = _multiply([float(v) for v in tm], [float(v) for v in cm])
            scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
            name = str(font.get("/BaseFont", "")) if font else ""
            parts.append((text, m[5], float(size or 0) * scale, bool(_BOLD.search(name)), m[4]))
        except (TypeError, ValueError, AttributeError):
            parts.append((text, math.nan, 0.0, False, math.nan))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(p[0] for p in parts) != text:  # no layout for this page: plain lines
        return [Line(line, None, 0.0, False) for line in text.split("\n")]
    box = page.mediabox
    bottom, height = float(box.bottom), float(box.height) or 1.0
    lines: list[Line] = []
    current, weights = "", [0.0, 0.0, 0.0]  # characters, size x characters, bold characters
    y: float | None = None
    cells: list[tuple[float, str]] = []  # (x, text) of the line's cells
    end = math.nan  # where the text before is expected to end (x)
    # pypdf may end a text run with a line break although the next run goes on along the same baseline
    # ("Bij" | "lage I", a word in two runs): (baseline, size, the line's state) of a line so ended
    held: tuple[float, float, tuple[str, list[float], float | None, list[tuple[float, str]], float]] | None = None
    line_base = math.nan  # the baseline of the line's first text
    for piece, base, size, bold, x in parts:
        # a carriage return inside a run is no line break: some writers set "\t\r \xa0" between the words
        piece = piece.replace("\r\n", "\n").replace("\r", " ").replace("\t", " ")
        glue = False
        if held is not None and not current and not math.isnan(base) and not math.isnan(x):
            h_base, h_size, state = held
            em = max(size, h_size, 1.0)
            if abs(base - h_base) < 0.2 * em and state[4] - 3 * em < x < state[4] + 2 * em:
                lines.pop()
                current, weights, y, cells, end = state
                line_base = h_base
                glue = x < end and current[-1:].isalpha() and piece[:1].isalpha()  # no gap: one word
                if not glue:
                    current += " "
        held = None
        typical = weights[1] / weights[0] if weights[0] else 0.0
        if (
            typical
            and _MARKER.fullmatch(piece.strip())
            and not math.isnan(base)
            and size < SUPERSCRIPT_SIZE * typical
            and base - line_base > SUPERSCRIPT_RISE * typical
        ):  # a footnote mark set small and raised ("18%" and "3"): "18%³", not the number "18%3"
            mark = piece.strip().translate(_SUPERSCRIPT)
            current += mark
            if cells:
                cells[-1] = (cells[-1][0], cells[-1][1] + mark)
            continue
        segments = piece.split("\n")
        for n, segment in enumerate(segments):
            if n:
                lines.append(_line(current, y, weights, cells))
                if n == len(segments) - 1 and not segment and not math.isnan(base):
                    held = (base, size, (current, weights, y, cells, end))
                current, weights, y, cells, end = "", [0.0, 0.0, 0.0], None, [], math.nan
            if glue and n == 0 and cells and segment.strip():
                cells[-1] = (cells[-1][0], cells[-1][1] + segment.strip())
                weights[0] += len(segment.strip())
                weights[1] += len(segment.strip()) * size
                weights[2] += len(segment.strip()) if bold else 0.0
                end = x + len(segment) * 0.55 * max(size, 1.0)
            elif segment.strip():
                chars = float(len(segment.strip()))
                weights[0] += chars
                weights[1] += chars * size
                weights[2] += chars if bold else 0.0
                if y is None and not math.isnan(base):
                    y = min(1.0, max(0.0, (base - bottom) / height))
                    line_base = base
                # A wide gap after the text before starts a new cell (about 0.55 em per character).
                if n == 0 and not math.isnan(x) and (not cells or math.isnan(end) or x > end + 2 * max(size, 1.0)):
                    cells.append((x, segment.strip()))
                elif cells:
                    cells[-1] = (cells[-1][0], f"{cells[-1][1]} {segment.strip()}".strip())
                else:
                    cells.append((math.nan, segment.strip()))
                if n == 0 and not math.isnan(x):
                    end = x + len(segment) * 0.55 * max(size, 1.0)
            current += segment
    lines.append(_line(current, y, weights, cells))
    return lines


def _line(text: str, y: float | None, weights: list[float], cells: list[tuple[float, str]]) -> Line:
    chars = weights[0]
    table = tuple(cells) if len(cells) >= 2 and not any(math.isnan(x) for x, _ in cells) else ()
    start = cells[0][0] if cells else math.nan
    return Line(text, y, weights[1] / chars if chars else 0.0, chars > 0 and weights[2] / chars >= 0.8, table, start)


_FILE_NAME = re.compile(r"^(.{3,200}?)\.(?:xlsx?|xlsm|ods)$", re.IGNORECASE)


def _printed_file_name(first_page: list[Line]) -> str:
    """The workbook name in a printed spreadsheet's header ("Bijlage 3 Conformiteitenlijst.xlsx" -> without .xlsx)."""
    for line in first_page[:3]:
        m = _FILE_NAME.match(line.text.strip())
        if m:
            return " ".join(m.group(1).split())
    return ""


# Some fonts map their ligature glyphs to private-use code points (one font's "f", "fi" and "fl" are
# U+E01E, U+E035 ...): left as they are they vanish, and "informatie", "steekproef" lose letters.
# (U+F000-U+F0FF are the symbol fonts' bullets and checkmarks: never letters.)
_P = r"\ue000-\uefff\uf100-\uf8ff"
_PRIVATE = re.compile(f"[{_P}]")
MIN_LIGATURE_EVIDENCE = 2  # distinct words that must become the document's own words
_LIGATURE_LETTERS = ("f", "fi", "fl", "ff", "ffi", "ffl", "ft", "ti", "tf", "fj", "tt")
_WORD_WITH_PRIVATE = re.compile(rf"[^\W\d_]*[{_P}][^\W\d_{_P}]*(?:[{_P}][^\W\d_{_P}]*)*")


def ligature_letters(texts: list[str]) -> dict[str, str]:
    """What each private-use character inside words stands for, read from the document itself.

    A character stands for the letters with which the most of its words become words that the
    document also writes without it (or Dutch stop words: "o\ue01e" is "of"). A character with too
    little such evidence is left out (and so dropped, as before).
    """
    words = Counter(w.lower() for t in texts for w in _WORD_WITH_PRIVATE.findall(t) if re.search(r"[^\W\d_]", w))
    if not words:
        return {}
    known = {w.lower() for t in texts for w in re.findall(r"[^\W\d_]+", t)} | STOP_WORDS
    out: dict[str, str] = {}
    for char in sorted({c for w in words for c in _PRIVATE.findall(w)}):
        mine = {w: n for w, n in words.items() if char in w}
        # evidence: the distinct words it makes, of which one at least is no stop word ("te" is no proof)
        made = {letters: {_PRIVATE.sub("", w.replace(char, letters)) for w in mine} & known for letters in _LIGATURE_LETTERS}
        best = max(_LIGATURE_LETTERS, key=lambda letters: len(made[letters]))  # the first of equals: plain "f"
        if len(made[best]) >= MIN_LIGATURE_EVIDENCE and made[best] - STOP_WORDS:
            out[char] = best
    return out


def _with_letters(lines: list[Line], letters: dict[str, str]) -> list[Line]:
    table = str.maketrans(letters)
    return [
        dataclasses.replace(
            line, text=line.text.translate(table), cells=tuple((x, cell.translate(table)) for x, cell in line.cells)
        )
        if _PRIVATE.search(line.text)
        else line
        for line in lines
    ]


DROP_CAP_SIZE = 2.0  # a drop cap is set this many times larger than the line it begins, at least


def join_drop_caps(lines: list[Line]) -> list[Line]:
    """A large initial letter on a line of its own begins the next line: "H" + "ans Sijtsma is" -> "Hans Sijtsma is"."""
    out: list[Line] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        letter = line.text.strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (
            nxt is not None
            and len(letter) == 1
            and letter.isupper()
            and nxt.text[:1].islower()
            and nxt.size > 0
            and line.size >= DROP_CAP_SIZE * nxt.size
            and nxt.x > line.x  # beside the initial: a glossary's "A" above "aanbesteding: ..." stands alone
        ):
            out.append(dataclasses.replace(nxt, text=letter + nxt.text))
            skip = True
            continue
        out.append(line)
    return out


HEADING_SIZE = 1.5  # a page's heading is set this many times larger than its middle line size, at least


def _height(line: Line) -> float:
    return line.y if line.y is not None else -1.0


def headings_in_place(lines: list[Line]) -> list[Line]:
    """A heading that the text layer gives last but that stands above the page's text goes before it.

    Layout programs write a chapter's heading as a frame of its own, often after the text of the page:
    "1. Samenvatting" would otherwise head the next page's text and the summary fall under the chapter
    before it.
    """
    filled = [i for i, line in enumerate(lines) if line.text.strip()]
    sizes = sorted(lines[i].size for i in filled if lines[i].size > 0)
    if len(filled) < 3 or not sizes:
        return lines
    middle = sizes[len(sizes) // 2]
    last = lines[filled[-1]]
    body = [lines[i] for i in filled[:-1] if EDGE < _height(lines[i]) < 1 - EDGE]
    if last.y is None or not body or last.size < HEADING_SIZE * middle or last.y <= max(b.y or 0.0 for b in body):
        return lines
    first_body = next(i for i in filled[:-1] if lines[i] is body[0])
    rest = [line for k, line in enumerate(lines) if k != filled[-1]]
    return [*rest[:first_body], last, *rest[first_body:]]


def read_pdf(path: Path) -> ReadResult:
    """Read the text layer of a PDF, page by page."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise Unreadable("encrypted PDF (password required)")
            except (NotImplementedError, DependencyError):
                raise Unreadable("encrypted PDF with an unsupported algorithm") from None
        pages = [(i, headings_in_place(join_drop_caps(page_lines(page)))) for i, page in enumerate(reader.pages, start=1)]
    except Unreadable:
        raise
    except FileNotDecryptedError:
        raise Unreadable("encrypted PDF (password required)") from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise Unreadable(f"corrupt or unreadable PDF ({exc.__class__.__name__}: {exc})") from None
    if not pages:
        raise Unreadable("PDF has no pages")
    if not any(line.text.strip() for _, lines in pages for line in lines):
        raise Unreadable("PDF has no text layer (scanned?); run OCR first")
    letters = ligature_letters([line.text for _, lines in pages for line in lines])
    if letters:
        log.info(
            "%s: private-use ligature glyphs read as %s",
            path.name,
            ", ".join(f"U+{ord(c):04X} = {v}" for c, v in letters.items()),
        )
        pages = [(n, _with_letters(lines, letters)) for n, lines in pages]
    props: dict[str, str] = {}
    try:
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError):
        info = None
    if info is not None:
        if info.title:
            props["title"] = str(info.title)
        if info.author:
            props["sender"] = str(info.author)
    blocks, title, dropped = clean_layout_pages(pages)
    printed = _printed_file_name(pages[0][1]) if info is not None and "excel" in str(info.get("/Producer", "")).lower() else ""
    if printed:  # a spreadsheet has no title type; Excel prints the workbook's name in the header
        props["display_title"] = printed
    elif title:
        props["display_title"] = title
    subject = subject_line(pages[0][1])
    if subject:
        props["subject"] = subject
    first = pages[0][0]  # the first page's running lines (a margin "Datum / 8 december 2025" on every page)
    margin = [text for page, why, text in dropped if page == first and why.startswith("running")]
    if margin:
        props["first_page_margin"] = "\n".join(margin)
    empty = [n for n, lines in pages if sum(len(line.text.split()) for line in lines) < MIN_PAGE_WORDS]
    warnings = [f"{_page_ranges(empty)}: no text (blank, images or a scan), what they show is not in the index"] if empty else []
    return ReadResult(blocks, properties=props, dropped=dropped, warnings=warnings)


MIN_PAGE_WORDS = 3  # a page with fewer words has no text of its own (a page number, a caption at most)


def _page_ranges(pages: list[int]) -> str:
    """ "page 4", "pages 2-7", "pages 2-7, 9" """
    runs: list[list[int]] = []
    for n in pages:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    text = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return f"page {text}" if len(pages) == 1 else f"pages {text}"
