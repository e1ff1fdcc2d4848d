"""What the layout of a PDF page says: headings, running headers and footers, page numbers.

The PDF reader gives each line of text with its position and font (:class:`Line`). From
those, a rule can fire only where it belongs:

* a running header or footer is a short line in the top or bottom eighth of the page that
  recurs (digits aside) on many pages, counted over all pages and over odd and even pages
  apart (books alternate them); a full sentence never is one;
* a page number is a line at the top or bottom edge that holds only a number
  ("3", "- 3 -", "Pagina 3 van 6");
* a table-of-contents line ends in a page number after dot leaders;
* a heading is a short line without a final full stop, set larger than the body text or
  in bold, with body text after it; a run of bold lines is bold text, not headings; table
  totals (amounts) and footnotes (smaller than the body) are not headings.

The result is page text in which headings are marked as Markdown headings, so that the
common cleaning (:func:`index.cleaning.text_to_blocks`) turns them into sections, and the
lines that were dropped, with the reason, for the build report.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass

EDGE = 0.125  # top and bottom share of the page where running heads and page numbers live
_PAGE_NUMBER = re.compile(r"^(?:(?:pagina|page|blz\.?|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:van|of|/)\s*\d{1,4})?$", re.I)
# A parliamentary paper's foot line: "’s-Gravenhage 2024 Tweede Kamer, vergaderjaar 2024–2025, 28 286, nr. 1366 2".
_PAPER_FOOTER = re.compile(
    r"^(?:.{0,60}\s)?(?:tweede|eerste) kamer, vergaderjaar \d{4}\s*[-–]\s*\d{4}, [\d ]{2,7}(?:\s?[A-Z]{1,4})?, nr\. \d+(?:\s+\d{1,4})?$",
    re.IGNORECASE,
)
# Its identifier and ISSN at the foot of the first page: "kst-32545-143 ISSN 0921 - 7371".
_PAPER_ID = r"(?:kst|ah|blg|stcrt|stb)-[\w-]*\d[\w-]*"
_ISSN = re.compile(
    rf"^(?:{_PAPER_ID}(?:\s+ISSN\s+\d{{4}}\s*-\s*\d{{3}}[\dX])?|ISSN\s+\d{{4}}\s*-\s*\d{{3}}[\dX])$", re.IGNORECASE
)
# A letter's continuation page names its page after its reference: "361437-2024:912495 blad 2-2", "Kenmerk Z-12 pagina 2 van 3".
_PAGE_MARK = re.compile(
    r"^(?:(?:kenmerk|ons kenmerk)\s*:?\s*)?(?:\S*\d\S*\s+)?(?:pagina|page|blad|blz\.?)\s*\d{1,4}\s*(?:(?:van|of|/|-)\s*\d{1,4})?$",
    re.I,
)
_TOC_LINE = re.compile(r"^\S.{1,120}?(?:\s*\.{3,}|\s*…{2,}|\s*(?:\. ){3,})\s*\d{1,4}$")
# an entry of a table of contents in one run: a section number or "Hoofdstuk 2", a title, its page
_PLAIN_TOC_ENTRY = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|(?i:hoofdstuk|bijlage|deel)\s+\w{1,4}\.?)\s+\S.*?\s(\d{1,3})$")
# what starts an item of a list: a bullet, "3." or "a)" (index.cleaning keeps such lines apart too)
LIST_MARK = r"[-–•*▪●◦·✓]|\d{1,2}[.)]|[a-z][.)]"
_LIST_MARK = re.compile(LIST_MARK)
_TOC_HEADING = re.compile(r"^(?:inhoud(?:sopgave)?|inhoudstafel|contents|table of contents)$", re.IGNORECASE)
_AMOUNT = re.compile(r"\d[.,]\d{3}\b|\d+,\d{2}\b|€|%")
_NUMBERING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+\S")
_FULL_STOP = re.compile(r"[.!?]$")  # a line that ends a sentence
_NUMBERED_TITLE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+[A-ZÀ-Þ]")  # "1.3 Doel ...", not a footnote "1 beoordeling ..."
_SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,4}\.?|[a-z][.)]")
# Parts above the numbered chapters: "II Reactie van de minister", "Bijlage 1", "BIJLAGE I: ...".
_PART = re.compile(r"^(?:[IVX]{1,4}\.?\s+[A-Z]|[Bb]ijlage\b|BIJLAGE\b)")
MAX_HEADING_WORDS = 15
# A line that ends in one of these words continues on the next line.
DANGLING = frozenset(
    "de het een en of van voor met in op aan te tot om door naar bij als dat die dan zoals over uit onder tussen the and to for with inzake houdende".split()
)
_SUBJECT = re.compile(r"^(?:onderwerp|betreft|subject)\b\s*:?\s*(\S.{2,200})$", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    """One line of a PDF page: its text, baseline (share of the page height from the bottom), font size and weight."""

    text: str
    y: float | None  # 0 = bottom of the page, 1 = top; None when unknown
    size: float
    bold: bool
    cells: tuple[tuple[float, str], ...] = ()  # (x, text) of each cell when the line has wide gaps (a table row)
    x: float = math.nan  # where the line starts (PDF points from the left), when known


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _at_edge(line: Line) -> bool:
    return line.y is None or line.y <= EDGE or line.y >= 1 - EDGE


def _edge_lines(lines: list[Line]) -> list[int]:
    """Indexes of the first three and last three non-empty lines that lie at the top or bottom edge."""
    filled = [i for i, ln in enumerate(lines) if ln.text.strip()]
    ends = dict.fromkeys(filled[:3] + filled[-3:])
    return [i for i in ends if _at_edge(lines[i])]


def running_lines(pages: list[list[Line]]) -> dict[tuple[int, int], str]:
    """(page index, line index) -> why the line is not content (running header/footer, page number)."""
    n = len(pages)
    found: dict[tuple[int, int], str] = {}
    counts = {"all": Counter[str](), 0: Counter[str](), 1: Counter[str]()}
    for p, lines in enumerate(pages):
        keys = {_key(lines[i].text) for i in _edge_lines(lines)}
        for k in keys:
            counts["all"][k] += 1
            counts[p % 2][k] += 1
    threshold = {
        "all": max(2, math.ceil(0.4 * n)),
        0: max(2, math.ceil(0.4 * ((n + 1) // 2))),
        1: max(2, math.ceil(0.4 * (n // 2))),
    }
    for p, lines in enumerate(pages):
        for i in _edge_lines(lines):
            line = lines[i]
            text = line.text.strip()
            top = line.y is not None and line.y >= 0.5
            if _PAGE_NUMBER.match(text) or _PAGE_MARK.match(text):
                found[(p, i)] = "page number"
                if top and p > 0:  # "Gemeente Emmen," above it: the same header of a letter's next page
                    for j in _edge_lines(lines):
                        above = lines[j].text.strip()
                        y = lines[j].y
                        high = y is not None and y >= 0.5
                        if j < i and high and len(above.split()) <= 6 and not above.endswith(".") and (p, j) not in found:
                            found[(p, j)] = "running header"
                continue
            if _PAPER_FOOTER.match(text) or _ISSN.match(text):
                found[(p, i)] = "running footer"
                continue
            words = text.split()
            sentence = len(words) > 8 and text.endswith(".")
            k = _key(text)
            repeated = n >= 2 and any(counts[c][k] >= threshold[c] for c in ("all", p % 2))
            if repeated and len(words) <= 15 and not sentence and k.strip("# "):
                found[(p, i)] = "running header" if top else "running footer"
    # A margin column ("Datum 8 december 2025", "Kenmerk 2025-0000688710" beside the text of every page of a
    # letter): a short line that stands once on its page, at one place on most pages after the first (whose
    # margin is its letterhead, read for the date and the sender). Not a margin: table rows (a header row carried
    # onto each page stays with its table), labels side by side on one baseline ("Ja  Nee  evt. Opmerkingen" over
    # a form's columns), labels that recur within a page ("Advies", "Reactie UWV" over each record of a list).
    once = [{k for k, c in Counter(_key(ln.text) for ln in lines if _placeable(ln)).items() if c == 1} for lines in pages]
    placed = Counter[tuple[str, float, float]]()
    for p, lines in enumerate(pages[1:], start=1):
        placed.update({_place(line) for line in lines if _placeable(line) and _key(line.text) in once[p]})
    enough = max(MIN_MARGIN_PAGES, math.ceil(MARGIN_SHARE * (n - 1)))
    for p, lines in enumerate(pages[1:], start=1):
        margin = [
            i
            for i, line in enumerate(lines)
            if _placeable(line) and _key(line.text) in once[p] and placed[_place(line)] >= enough
        ]
        for i in margin:
            y = lines[i].y or 0.0
            if (p, i) not in found and not any(j != i and abs((lines[j].y or 0.0) - y) < BASELINE for j in margin):
                found[(p, i)] = "running header" if y >= 0.5 else "running footer"
    return found


MAX_MARGIN_WORDS = 6  # a margin line is a label or a value, no sentence
MIN_MARGIN_PAGES = 2
MARGIN_SHARE = 0.5  # of the pages after the first


BASELINE = 0.003  # share of the page height within which two lines stand on one baseline


def _place(line: Line) -> tuple[str, float, float]:
    return _key(line.text), round(line.y or 0.0, 2), round(line.x / 10)


def _placeable(line: Line) -> bool:
    text = line.text.strip()
    return (
        line.y is not None
        and not math.isnan(line.x)
        and not line.cells
        and bool(text)
        and len(text.split()) <= MAX_MARGIN_WORDS
        and not text.endswith((".", ":"))  # "De raad besluit unaniem:" introduces what follows
        and bool(_key(text).strip("# "))
    )


def body_size(pages: list[list[Line]]) -> float:
    """The font size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def table_row(line: Line) -> bool:
    """A line of a table, in cells ("Vaste Activa   530   569", "Kenmerk   Omschrijving", "Saldo   0"); not "3.1    Inleiding",
    nor a heading whose last letters stand apart ("... Energie e   n")."""
    if len(line.cells) >= 3:
        return True
    if len(line.cells) != 2:
        return False
    first, second = (c.strip() for _, c in line.cells)
    return _SECTION_NUMBER.fullmatch(first) is None and (min(len(first), len(second)) > 2 or second.isdigit())


def _heading_level(line: Line, body: float) -> int | None:
    """The heading level of a line, or None when it is body text."""
    text = line.text.strip()
    words = text.split()
    # a numbered heading may be a whole statement ("1.3.1 Met deze aanpak houden we rekening met de vier punten
    # van het afwegingskwadrant van de RES"); it still stands in bold or larger type on a line of its own
    longest = 2 * MAX_HEADING_WORDS if _NUMBERED_TITLE.match(text) else MAX_HEADING_WORDS
    if not words or len(words) > longest or sum(ch.isalpha() for ch in text) < 3:
        return None
    if _AMOUNT.search(text) or _TOC_LINE.match(text) or _PAGE_NUMBER.match(text):
        return None
    if table_row(line):
        return None
    numbered = _NUMBERING.match(text)
    if text.endswith((".", ",", ";")) and not (numbered and len(words) <= 3):
        return None
    larger = body > 0 and line.size >= body * 1.15
    if not (larger or line.bold) or (body > 0 and line.size < body * 0.95):
        return None
    if numbered:
        return min(6, numbered.group(1).count(".") + 1)
    if _PART.match(text):
        return 1
    return 1 if body > 0 and line.size >= body * 1.4 else 2


_FOOTNOTE = re.compile(r"^\d{1,3}\s+\S|^\d{1,3}$")
FOOT = 0.35  # footnotes stand in the lower part of the page


def footnote_lines(lines: list[Line], skip: set[int], body: float) -> set[int]:
    """The footnotes at the foot of a page: the last lines, in type smaller than the body, the first of
    them starting with its number ("7 Kamerstuk 36 600 VIII, nr. 61")."""
    if body <= 0:
        return set()
    kept = [i for i, ln in enumerate(lines) if i not in skip and ln.text.strip()]
    run: list[int] = []
    for i in reversed(kept):
        line = lines[i]
        if line.size >= body * 0.95 or line.y is None or line.y > FOOT or len(line.cells) >= 2:
            break  # body text, or a table row in small type: no footnote
        run.insert(0, i)
    if not run or len(run) == len(kept) or not _FOOTNOTE.match(lines[run[0]].text.strip()):
        return set()
    return set(run)


def page_markdown(lines: list[Line], dropped: set[int], body: float) -> str:
    """The page's text with dropped lines left out and headings marked "## ...", on lines of their own."""
    levels = [None if i in dropped else _heading_level(ln, body) for i, ln in enumerate(lines)]
    breaks = paragraph_breaks(lines, dropped)
    for i, level in enumerate(levels):  # "Gezondheid" in 12 pt over 11 pt text, space above it: a heading too
        if level is None and i not in dropped and i in breaks and _run_in_title(lines, i, body):
            levels[i] = 2
    # A run of more than three "heading" lines in one type is bold or large text, not headings (a chapter
    # title in 21 pt over an introduction in 11 pt are two runs: the title stays a heading).
    # The run goes on through the sentence ends of that type ("... samenwerking nodig." in a paragraph set large).
    i = 0
    while i < len(levels):
        if levels[i] is None:
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < len(lines) and (
            j in dropped
            or not lines[j].text.strip()
            or (_same_type(lines[j], lines[i]) and (levels[j] is not None or _FULL_STOP.search(lines[j].text.strip())))
        ):
            if j not in dropped and lines[j].text.strip():
                run.append(j)
            j += 1
        if len(run) > 3:
            for k in run:
                levels[k] = None
        i = j
    out: list[str] = []
    previous_heading: int | None = None  # index in out of a heading on the line just before
    for i, line in enumerate(lines):
        if i in dropped:
            continue
        level = levels[i]
        if level is None and previous_heading is not None and _continues(out[previous_heading], line.text):
            out[previous_heading] = (
                f"{out[previous_heading]} {line.text.strip()}"  # "a. Wijziging ... broeikasgassen en" / "ozonlaag..."
            )
            continue
        if level is None:
            if i in breaks and out and out[-1] != "":
                out.append("")  # more space above this line than between the lines of a paragraph
            out.append(line.text)
            previous_heading = None
            continue
        if (
            previous_heading is not None
            and not out[previous_heading].endswith((":", "?"))
            and not _NUMBERING.match(line.text)
            # a part's title and the heading under it are two ("II Reactie van de minister" / "Inbreng van de
            # leden van de D66-fractie"): the same rank, or a heading that breaks off ("... uit eerste cyclus" /
            # "van de Spreidingswet", "... inzake toetsingskader" / "risicoregelingen: ...")
            and (
                out[previous_heading].startswith("#" * level + " ")
                or line.text.strip()[:1].islower()
                or _continues(out[previous_heading], line.text)
            )
        ):
            out[previous_heading] = f"{out[previous_heading]} {line.text.strip()}"  # a heading set over two lines
            continue
        out += ["", f"{'#' * level} {line.text.strip()}", ""]
        previous_heading = len(out) - 2
    return "\n".join(out)


SLIGHTLY_LARGER = 1.05  # a short title line over body text may be set only this much larger
MAX_SHORT_TITLE_WORDS = 5


def _run_in_title(lines: list[Line], i: int, body: float) -> bool:
    """A short line set a little larger than the body text right below it ("Leeftijd" / "Gemiddeld gezien ...")."""
    line = lines[i]
    text = line.text.strip()
    below = next((ln for ln in lines[i + 1 :] if ln.text.strip()), None)
    return (
        body > 0
        and below is not None
        and 0 < len(text.split()) <= MAX_SHORT_TITLE_WORDS
        and text[:1].isupper()
        and not _FULL_STOP.search(text)
        and not text.endswith((",", ";", ":"))
        and not line.cells
        and line.size >= SLIGHTLY_LARGER * max(below.size, body)
        and abs(below.size - body) <= 0.05 * body
    )


def _same_type(a: Line, b: Line) -> bool:
    """Set in the same type: weight, and size within a tenth."""
    return a.bold == b.bold and abs(a.size - b.size) <= 0.1 * max(a.size, b.size)


def _continues(heading: str, line: str) -> bool:
    """Is ``line`` the rest of a heading that breaks off ("... broeikasgassen en", "(Staatssecretaris van")?"""
    words = heading.split()
    last = words[-1].lower() if words else ""
    cut = last in DANGLING or heading.count("(") > heading.count(")")
    return (
        cut
        and 0 < len(line.split()) <= MAX_HEADING_WORDS
        and not line.strip().endswith((":", "?"))
        and len(words) + len(line.split()) <= 2 * MAX_HEADING_WORDS
    )


def paragraph_breaks(lines: list[Line], dropped: set[int]) -> set[int]:
    """Lines that start a paragraph because the space above them is larger than the usual line spacing.

    Many PDFs (Word exports, designed reports) have no empty line between paragraphs in their
    text layer; the vertical gap is what a reader sees.
    """
    kept = [(i, ln.y) for i, ln in enumerate(lines) if i not in dropped and ln.text.strip() and ln.y is not None]
    gaps = [(i, float(above - y)) for (_, above), (i, y) in itertools.pairwise(kept) if above is not None and y is not None]
    breaks: set[int] = set()
    for n, (i, gap) in enumerate(gaps):
        if gap < -0.02:  # the text jumps up: a new column or block
            breaks.add(i)
            continue
        # Compared with the spacing of the lines around it: a paragraph keeps its spacing, a break is wider.
        around = [g for j, g in gaps[max(0, n - 1) : n + 2] if g > 0.001 and j != i]
        if around and gap > 1.3 * min(around):
            breaks.add(i)
    return breaks


def aligned(a: tuple[float, ...], b: tuple[float, ...]) -> int:
    """How many column starts two rows share (within 4 pt)."""
    return sum(any(abs(x - y) <= 4 for y in b) for x in a)


def table_runs(lines: list[Line], skip: set[int]) -> list[tuple[int, int]]:
    """Runs of consecutive lines [start, end) that are rows of one table: two or more cells whose columns line up.

    A run needs three rows, or two when its columns match the table a previous run ended with.
    """
    runs: list[tuple[int, int]] = []

    def row(line: Line) -> bool:  # a bullet or list mark set apart from its item ("•   Is het resultaat ...?") is no cell
        return len(line.cells) >= 3 or (len(line.cells) == 2 and not _LIST_MARK.fullmatch(line.cells[0][1].strip()))

    i = 0
    while i < len(lines):
        if i in skip or not row(lines[i]):
            i += 1
            continue
        columns = tuple(x for x, _ in lines[i].cells)
        j = i + 1
        while j < len(lines) and (j in skip or (row(lines[j]) and aligned(tuple(x for x, _ in lines[j].cells), columns) >= 2)):
            j += 1
        rows = [k for k in range(i, j) if k not in skip]
        if len(rows) >= 3 or (len(rows) == 2 and len(columns) >= 3):
            runs.append((i, j))
        i = j
    return runs


def table_rows(lines: list[Line], start: int, end: int, skip: set[int]) -> tuple[list[list[str]], tuple[float, ...]]:
    """The cell texts of a run, each cell put under the nearest column of the run's widest row; and those columns."""
    rows = [lines[k] for k in range(start, end) if k not in skip]
    columns = tuple(x for x, _ in max(rows, key=lambda r: len(r.cells)).cells)
    out: list[list[str]] = []
    for row in rows:
        cells = [""] * len(columns)
        for x, text in row.cells:
            n = min(range(len(columns)), key=lambda c: abs(columns[c] - x))
            cells[n] = f"{cells[n]} {text}".strip()
        out.append(cells)
    return out, columns


PROSE_WORDS = 4  # a cell of a text column holds a stretch of a sentence, not a value


def text_columns(rows: list[list[str]]) -> bool:
    """Are these "rows" the lines of a page set in two text columns (written across both, line by line)?

    A table's cells are values and labels; a text column's are pieces of sentences: both columns
    hold several words on most lines.
    """
    if len(rows) < 3 or any(len(r) != 2 for r in rows):
        return False
    prose = sum(all(len(cell.split()) >= PROSE_WORDS for cell in r) for r in rows)
    return prose >= 0.6 * len(rows)


def toc_lines(
    lines: list[Line], later: frozenset[str] = frozenset(), continued: bool = False, skip: frozenset[int] = frozenset()
) -> set[int]:
    """Lines of a table of contents, with its heading ("Inhoud").

    Its lines give a title, dot leaders and a page number; or, in a table of contents without
    page numbers (a Kamerstuk's "Inhoud" of parts and parties), they follow the heading and each
    comes back further on in the document as a line of its own (``later``: the lines of the
    later pages, as :func:`toc_key` gives them). ``continued``: the table of contents of the page
    before ran to its foot, so this page may start with its last entries. Lines in ``skip``
    (running headers and page numbers) are passed over.
    """
    found = {i for i, ln in enumerate(lines) if _TOC_LINE.match(ln.text.strip())}
    heading = next((i for i, ln in enumerate(lines) if toc_heading(ln.text)), None)
    if not found and (heading is not None or continued):  # "Inhoudsopgave" over (or, in the text, under) its columns
        found = _numbered_toc(lines, skip)
        if found and heading is not None:
            found.add(heading)
    if found:
        first = min(found)
        for i in range(first - 1, max(-1, first - 4), -1):
            if toc_heading(lines[i].text):
                found.add(i)
                break
        return found
    if continued:
        entries = _toc_entries(lines, 0, later, skip)
        if entries:
            return set(range(entries[-1] + 1)) - skip
    for i, line in enumerate(lines):
        if not toc_heading(line.text):
            continue
        entries = _toc_entries(lines, i + 1, later, skip)
        if len(entries) >= MIN_TOC_ENTRIES:
            return {i, *range(i + 1, entries[-1] + 1)} - skip
    return found


def _numbered_toc(lines: list[Line], skip: frozenset[int]) -> set[int]:
    """A table of contents without dot leaders: rows of a section number, a title and a page number in
    columns ("2.1 | Achtergrond | 5"), the page numbers in order; at least ``MIN_TOC_ENTRIES`` of them."""
    rows: list[tuple[int, int]] = []  # (line, page number)
    for i, line in enumerate(lines):
        if i in skip:
            continue
        plain = _PLAIN_TOC_ENTRY.match(" ".join(line.text.split())) if len(line.cells) < 2 else None
        if plain:  # one run of text: "1.2 Context 5", "Hoofdstuk 2 Voorkeurslocaties en zoekgebieden 10"
            rows.append((i, int(plain.group(1))))
            continue
        if len(line.cells) < 2:
            continue
        first, last = line.cells[0][1].strip(), line.cells[-1][1].strip()
        if (
            (_SECTION_NUMBER.fullmatch(first) or len(line.cells) == 2)
            and re.fullmatch(r"\d{1,3}", last)  # a page number, no year
            and not _AMOUNT.search(line.text)
        ):
            rows.append((i, int(last)))
    numbered = [r for r in rows if not lines[r[0]].cells or _SECTION_NUMBER.fullmatch(lines[r[0]].cells[0][1].strip())]
    pages = [page for _, page in rows]
    if len(numbered) < MIN_TOC_ENTRIES or pages != sorted(pages):
        return set()
    # with the lines between the entries: an entry set over two lines ("1.5 We gaan ... in het 9" / "huidige tempo ...")
    return {
        i for i in range(rows[0][0], rows[-1][0] + 1) if i not in skip and len(lines[i].text.split()) <= 2 * MAX_HEADING_WORDS
    }


def _toc_entries(lines: list[Line], start: int, later: frozenset[str], skip: frozenset[int]) -> list[int]:
    """The lines from ``start`` on that come back later in the document, up to the first that does not."""
    entries: list[int] = []
    filled = [j for j in range(start, len(lines)) if j not in skip and toc_key(lines[j].text)]  # no empty lines, lone bullets
    n = 0
    while n < len(filled):
        key = toc_key(lines[filled[n]].text)
        if key in later and len(key.split()) <= MAX_HEADING_WORDS:
            entries.append(filled[n])
            n += 1
        elif n + 1 < len(filled) and f"{key} {toc_key(lines[filled[n + 1]].text)}" in later:
            entries += filled[n : n + 2]  # an entry set over two lines, a heading on one further on
            n += 2
        else:
            break
    return entries


MIN_TOC_ENTRIES = 3


def toc_heading(text: str) -> bool:
    """Is this line the heading of a table of contents ("Inhoud", "Inhoudsopgave")?"""
    return bool(_TOC_HEADING.match(text.strip()))


def toc_key(text: str) -> str:
    """A line as a table of contents entry compares: without bullets and symbols before it, spaces folded."""
    return " ".join(re.sub(r"^[^\w(]+", "", text.strip()).split())


def display_title(first_page: list[Line], body: float) -> str:
    """The title on the first page, or "" when nothing stands out.

    The largest text (its lines top to bottom); a one-word label set large ("MINISTERRAAD",
    "BESLUITENLIJST") is not a title, but a line that starts with the label is
    ("Besluitenlijst van de vergadering ..."); without larger text, a bold first line at the
    top of the page ("Fiche 5: Herziening ...").
    """
    filled = [ln for ln in first_page if ln.text.strip() and sum(ch.isalpha() for ch in ln.text) >= 3]
    if not filled or body <= 0:
        return ""
    for size in sorted({round(ln.size, 1) for ln in filled if ln.size >= body * 1.25}, reverse=True):
        group = [ln for ln in filled if abs(round(ln.size, 1) - size) < 0.3]
        if group[0].y is not None and all(ln.y is not None for ln in group):
            group = sorted(group, key=lambda ln: -(ln.y or 0))
        text = " ".join(ln.text.strip() for ln in group[:4])
        if len(text.split()) >= 2:
            return text
        label = text.lower()
        follower = next((ln.text.strip() for ln in filled if ln.text.lower().startswith(label) and len(ln.text.split()) >= 3), "")
        if follower:
            return follower
    top = [ln for ln in filled if ln.y is None or ln.y >= 0.8]
    if top and top[0].bold and 2 <= len(top[0].text.split()) <= 20:
        return top[0].text.strip()
    return ""


MAX_SUBJECT_REST = 8  # words of a subject that runs on to the next line


def subject_line(first_page: list[Line]) -> str:
    """The subject of a letter from its own line on the first page ("Onderwerp Draagmoederschap"), or ""."""
    for n, ln in enumerate(first_page):
        m = _SUBJECT.match(ln.text.strip())
        if m:
            subject = m.group(1).strip()
            rest = first_page[n + 1].text.strip() if n + 1 < len(first_page) else ""
            if rest[:1].islower() and len(rest.split()) <= MAX_SUBJECT_REST and ":" not in rest:
                subject = f"{subject} {rest}"  # "... gemeenten over voorgenomen" / "windbeleid II"
            return subject
    return ""
