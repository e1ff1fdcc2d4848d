"""Document metadata: given by bureau staff, or derived and reported.

Staff give metadata in one of two places (the README explains both):

* text and Markdown files: YAML front matter at the top of the file;
* any file (PDF, DOCX, HTML, ...): a sidecar ``<file name>.meta.yaml`` beside it.

Keys: ``title``, ``date`` (YYYY-MM-DD, YYYY-MM or YYYY), ``type``, ``sender``, ``url``,
``collection`` (whose documents these are, e.g. ``emmen``; else the first folder under the
knowledge folder, ``knowledge/emmen/...``; else none).
A sidecar wins over front matter. A missing field is derived the way a person would
read it off the document, and the build report shows what it became and from where:

* title: a parliamentary paper's heading ("29 338 Wetenschapsbudget / Nr. 289 Verslag ..."
  becomes "Wetenschapsbudget. Verslag ... (Kamerstuk 29 338, nr. 289)"), the subject line of a
  letter ("Onderwerp:", "Betreft:"), the title as the first page shows it (the largest text;
  a Word title block or a title with its subtitle; the workbook name Excel prints above a
  spreadsheet), the publication's own metadata, a file-property title that looks like
  a title (not "Microsoft Word - ...", not a file name), the first heading, the file name;
* date: the letter's date line ("Datum: 7-5-2024", "Assen, 11 juli 2023", "27.11.2022",
  "Vastgesteld op ...", "Voorgesteld 6 juli 2021"), a date in the title, a date in the file name (YYYY-MM-DD,
  YYYYMMDD, YYMMDD_), the publication's metadata, a month on the title page, and last a date in the
  file's title property ("Jaarstukken 2023 concept 22022024"); never a date the text merely mentions
  and never the file's creation time: no date is better than a wrong one;
* type: words in the title, the file name and the first lines (raadsinformatiebrief,
  raadsvoorstel, statenbrief, jaarverslag, begroting, besluitenlijst, verslag, ...),
  else ``other``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

from index import safeyaml
from index.citation import MONTH_NAMES
from index.cleaning import CLOSING
from index.langdata import table
from index.models import Block, DocumentMeta

SIDECAR_SUFFIX = ".meta.yaml"
KEYS = ("title", "date", "type", "sender", "url", "collection")
SIDECAR_MAX_BYTES = 64 * 1024  # a sidecar holds five short fields

_MONTHS = {name: number for number, name in enumerate(MONTH_NAMES["nl"], start=1)}
_MONTHS |= {
    "jan": 1,
    "feb": 2,
    "mrt": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
_DAY_MONTH_YEAR = r"(\d{1,2})\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{4})"
_NUMERIC = r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})"
_ANY_DATE = re.compile(rf"\b(?:{_DAY_MONTH_YEAR}|{_NUMERIC}|(\d{{4}})-(\d{{2}})-(\d{{2}}))\b", re.IGNORECASE)
# Where a document states its own date: a date line, a place and a date, "vastgesteld".
_DATE_LINE = re.compile(
    r"^(?:(?:datum|date|dagtekening|verzonden|verzenddatum|datum\s+verzending)\b\s*:?\s*"
    r"|[A-Z][a-zà-ÿ'’-]+(?:\s+[a-z]+)?(?:\s+[A-Z][a-zà-ÿ'’-]+)?,\s+(?:\w+dag\s+)?(?=\d)"
    r"|(?:vastgesteld|voorgesteld|ingediend|gepubliceerd|uitgegeven|ondertekend)\b[^.]{0,40}?\b(?:op|d\.d\.)?\s*(?:\w+dag\s+)?(?=\d)"
    r"|(?:maan|dins|woens|donder|vrij|zater|zon)dag\s+(?=\d))",  # a meeting's day: "Woensdag 20 maart 2024 09:00 uur"
    re.IGNORECASE,
)
_RECEIVED = re.compile(r"\(ontvangen\s+", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTH_NAMES["nl"]) + r")\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_DATE_LABEL = re.compile(r"\b(?:datum|dagtekening|verzenddatum)\s*:?\s*", re.IGNORECASE)
_PLACE_DATE = re.compile(r"\b[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+)?,\s+(?:\w+dag\s+)?(?=\d)")
_NAME_DATE = re.compile(r"(?:^|[-_ ])((?:19|20)\d{2})[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])(?=[-_ .]|$)")
_NAME_SHORT_DATE = re.compile(r"^(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])_")  # 240507_raadsbrief.pdf
_NAME_MONTH = re.compile(r"^((?:19|20)\d{2})[-_](0[1-9]|1[0-2])(?=[-_ .]|$)")
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
NOTE_KIND_BLOCKS = 10  # the blocks at a note's top where the word "nota" stands
_NOTE_KIND = re.compile(r"(?:beslis|advies|informatie)?nota|notitie|memo(?:randum)?", re.IGNORECASE)
_SUBJECT_IN_LINE = re.compile(r"\b(?:onderwerp|betreft)\b\s*:?\s*(\S.{2,150})$", re.IGNORECASE)
_SUBJECT = re.compile(r"^(?:onderwerp|betreft|subject|inzake)\b\s*:?\s*(.{3,200})$", re.IGNORECASE)
# Words that name a document type, most specific first; the value is the type in the product's vocabulary.
_TYPE_DATA = table("type-words.yaml")
_TYPE_WORDS: tuple[tuple[str, str], ...] = tuple((str(w), str(k)) for w, k in _TYPE_DATA["words"])
_LETTER_TYPES = tuple((w, k) for w, k in _TYPE_WORDS if k in _TYPE_DATA["letter_types"])
# A type word may end a compound ("kadernota", "onderzoeksverslag"); a long one may also start one
# ("begrotingswijziging"); a short one never does ("notariële" is no nota).
_TYPE_PATTERNS = {w: re.compile(rf"\b\w*{w}\b" if len(w) <= 5 else rf"\b\w*{w}\w*\b") for w, _ in _TYPE_WORDS}
# Texts that are labels or parts of a page, not the title of a document.
_NOT_TITLES = re.compile(
    r"^(?:inhoud(?:sopgave)?|voorwoord|inleiding|samenvatting|uw brief.*|datum.*|onderwerp|bijlagen?\s*(?::.*|\d+[a-z]?)?|handtekening|"
    r"(?:aan|van|cc|id)\s*:.*|via\s+\S+|ter (?:besluitvorming|beslissing|informatie|advisering)|"
    r"aan\s+(?:de\s+)?(?:leden\s+van\s+(?:de\s+)?)?(?:provinciale\s+staten|gemeenteraad|raad|staten|gedeputeerde\s+staten|college)\b.*|"
    r"pagina.*|page.*|blad\s*\d*|sheet\d*|concept|retouradres.*|aan|van|de partijen.*|agenda|colofon|leeswijzer|"
    r"microsoft word.*|untitled|naamloos.*|document\d*)$",
    re.IGNORECASE,
)
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
) -> tuple[DocumentMeta, list[str], tuple[tuple[str, str], ...]]:
    """Combine given metadata with derived values: (metadata, warnings, (field, where it was read) per derived field).

    ``properties`` are what the reader found in the file: ``title`` (file properties or the
    page's own metadata), ``display_title`` (the largest text on the first page), ``date``
    (a publication date in the file's metadata), ``sender``.
    """
    warnings: list[str] = []
    unknown = sorted(set(given) - set(KEYS))
    if unknown:
        warnings.append(f"{source}: unknown metadata key(s) ignored: {', '.join(unknown)} (known: {', '.join(KEYS)})")
    values = {k: given.get(k, "").strip() for k in KEYS}
    derived: dict[str, str] = {}
    front = _front(blocks)

    if not values["title"]:
        values["title"], derived["title"] = _derive_title(path, properties, blocks, front)
    if not values["date"]:
        found, how = _derive_date(path, properties, front, values["title"])
        if found:
            values["date"], derived["date"] = found, how
    elif not _ISO_DATE.match(values["date"]):
        warnings.append(f"{source}: date '{values['date']}' is not YYYY-MM-DD, YYYY-MM or YYYY; shown as given")
    if not values["type"]:
        values["type"], derived["type"] = _derive_type(path, values["title"], front, properties)
    if not values["sender"]:
        found, how = _derive_sender(properties, front, blocks)
        if found:
            values["sender"], derived["sender"] = found, how
    if not values["collection"] and "/" in source:  # knowledge/emmen/brief.pdf: a collection by its folder
        values["collection"] = source.split("/", 1)[0]
    values["collection"] = collection_name(values["collection"])
    if derived:
        parts = "; ".join(f"{k} '{values[k]}' (from {how})" for k, how in derived.items())
        warnings.append(f"{source}: metadata derived: {parts}")
    meta = DocumentMeta(source=source, derived=tuple(derived), **values)
    return meta, warnings, tuple(derived.items())


def collection_name(text: str) -> str:
    """A collection as stored and compared: lower case, single spaces ("Gemeente  Emmen" -> "gemeente emmen")."""
    return " ".join(text.lower().split())


# A sender is a body (a municipality, a ministry, a chamber, an association), not the person or
# login that saved the file ("peykelen", "67068", "Manna, N.S.K. (Naween)"): a file's author field is
# taken only when it names one, else the first short line on the first page that does.
_BODIES = table("organisations.yaml")
_ORGANISATION = re.compile(r"\b(?:" + "|".join(map(re.escape, _BODIES["names"])) + r")\b", re.IGNORECASE)
_ORGANISATION_LINE = re.compile(
    r"^(?:(?:de\s+)?(?:"
    + "|".join(map(re.escape, _BODIES["line_starts"]))
    + r")\s+\S.*|"
    + "|".join(map(re.escape, _BODIES["whole"]))
    + r")$",
    re.IGNORECASE,
)


def _front(blocks: list[Block]) -> list[Block]:
    """The first page's blocks (or the first 40 blocks of a document without pages)."""
    if not blocks:
        return []
    first_page = blocks[0].page
    if first_page is None:
        return blocks[:40]
    return [b for b in blocks[:80] if b.page == first_page]


def looks_like_title(text: str) -> bool:
    """Could this be a document's title (not a label, a file name or a converter's name)?"""
    text = " ".join(text.split())
    words = text.split()
    if not 1 <= len(words) <= 30 or len(text) > 250 or sum(ch.isalpha() for ch in text) < 4:
        return False
    if _NOT_TITLES.match(text.rstrip(":. ")) or text.endswith(":"):
        return False
    if re.search(r"\.(?:docx?|pdf|xlsx?|odt|pptx?|html?)\b|%20|\\|/|^\S+_\S+$", text, re.IGNORECASE):
        return False
    if re.search(r"\d{6,}", text) or not re.search(r"[^\W\d_]{4,}", text):  # "3879362-1068315-Z", OCR debris "fi Ey&"
        return False
    if len(words) <= 8 and _ORGANISATION_LINE.match(text) and not re.search(r"\d", text):  # "Tweede Kamer der Staten-Generaal"
        return False
    return not re.fullmatch(r"[\d\W_]+", text)


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})


def _tidy(text: str) -> str:
    text = " ".join(text.split()).translate(_QUOTES)
    if re.fullmatch(r"(?:\S ){3,}\S", text):  # "P E R S B E R I C H T"
        text = text.replace(" ", "")
    return text.strip(" :;,")


# A parliamentary paper (Kamerstuk) heads its first page with its dossier ("29 338 Wetenschapsbudget")
# and its number and kind ("Nr. 289 Verslag van een schriftelijk overleg", "Nr. 143 MOTIE VAN HET LID ...").
_KAMERSTUK = re.compile(
    r"^(?:vergaderjaar\s+\d{4}\s*[-–]\s*\d{4}\s+)?(\d{2}\s?\d{3}(?:[-\s][A-Z]{1,4})?)\s+(\S.{1,200}?)\s+nr\.\s*(\d+)\s+(\S.{2,200})$",
    re.IGNORECASE,
)
# The Kamer's own print of a motion: "35851-71 16 januari 2025" over the bill's name and "MOTIE VAN DE LEDEN ...".
_PAPER_NUMBER = re.compile(r"^(\d{2})\s?(\d{3})-(\d{1,4})\b")
# Parliamentary questions with their answers: "Vragen van de leden ... over de TOZO (ingezonden 3 juni 2021)."
_QUESTIONS = re.compile(r"^(vragen van (?:het lid|de leden)\b.{5,250}?)\s*\((?:ingezonden|ontvangen)\b[^)]*\)\.?$", re.IGNORECASE)
# Motions and amendments are known by their movers ("Motie van de leden ..."); other papers (a report,
# a letter, a memorandum) by the dossier they belong to.
_SELF_NAMED = re.compile(r"^(?:gewijzigde?\s+)?(?:motie|amendement)\b", re.IGNORECASE)


def _kamerstuk_title(front: list[Block], blocks: list[Block]) -> str:
    """ "Wetenschapsbudget. Verslag van een schriftelijk overleg (Kamerstuk 29 338, nr. 289)", or ""."""
    lines = [line.strip() for b in front[:12] for line in b.text.split("\n") if line.strip()]
    for n, line in enumerate(lines):
        # the dossier and the paper's number on one line, or on two (a heading may hold both)
        for text in (line, f"{line} {lines[n + 1]}" if n + 1 < len(lines) else ""):
            m = _KAMERSTUK.match(text)
            if not m:
                continue
            kind = _recase(m.group(4).strip(" ."), blocks)
            reference = f"(Kamerstuk {m.group(1)}, nr. {m.group(3)})"
            if _SELF_NAMED.match(kind):
                return f"{kind} {reference}"
            return f"{_tidy(m.group(2)).rstrip('.')}. {kind} {reference}"
    number = next((m for m in map(_PAPER_NUMBER.match, lines[:3]) if m), None)
    if number:
        motion = next((line for line in lines[:8] if _SELF_NAMED.match(line) and len(line.split()) <= 20), "")
        if motion:
            return f"{_recase(motion.strip(' .'), blocks)} (Kamerstuk {number.group(1)} {number.group(2)}, nr. {number.group(3)})"
    return ""


def _questions_title(front: list[Block]) -> str:
    """ "Vragen van de leden ... over de TOZO" (parliamentary questions with their answers), or ""."""
    lines = [line.strip() for b in front[:20] for line in b.text.split("\n") if line.strip()]
    for line in lines[:20]:
        m = _QUESTIONS.match(line)
        if m:
            return _tidy(m.group(1)).rstrip(".")
    return ""


def _recase(text: str, blocks: list[Block]) -> str:
    """A line in capitals ("MOTIE VAN DE LEDEN INGE VAN DIJK") in the case the document writes its words in elsewhere."""
    if not text.isupper():
        return text
    seen: dict[str, str] = {}  # a word's lower-case form wins: a capital may only start a sentence
    for block in blocks[:200]:
        for word in re.findall(r"[\w'’-]+", block.text):
            if not word.isupper() and seen.get(word.lower()) != word.lower():
                seen[word.lower()] = word
    words = [seen.get(w.lower(), w.lower()) for w in text.split()]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def _unquote(text: str) -> str:
    """A subject in quotes ("Onderwerp: ‘Toezeggingen ...’") without them."""
    text = text.strip()
    if len(text) > 2 and text[0] in "‘'\"“" and text[-1] in "’'\"”":
        return text[1:-1].strip()
    return text.lstrip("‘'\"“") if text.count(text[:1]) == 1 and text[:1] in "‘'\"“" else text


def _derive_title(path: Path, properties: dict[str, str], blocks: list[Block], front: list[Block]) -> tuple[str, str]:
    paper = _kamerstuk_title(front, blocks)
    if paper:
        return paper, "the Kamerstuk heading"
    questions = _questions_title(front)
    if questions:
        return questions, "the questions' heading"
    subject = _tidy(_unquote(properties.get("subject", "")))
    if subject and looks_like_title(subject):
        return subject, "subject line"
    for block in front:
        for line in block.text.split("\n"):
            m = _SUBJECT.match(line.strip())
            if m and looks_like_title(_unquote(m.group(1))):
                return _tidy(_unquote(m.group(1))), "subject line"
    for block in front:  # a letterhead read as one run of labels and values: "... onderwerp ‘Toezeggingen ...’"
        if block.reason == "letterhead":
            for line in block.text.split("\n"):
                m = _SUBJECT_IN_LINE.search(line)
                if m and looks_like_title(_unquote(m.group(1))):
                    return _tidy(_unquote(m.group(1))), "subject line"
    # a note's template: the word "nota" at its top, over its subject (not a legend's "Notitie" / "Motie")
    for block, after in itertools.pairwise(front[:NOTE_KIND_BLOCKS]):
        if _NOTE_KIND.fullmatch(block.text.strip()) and looks_like_title(after.text):
            return _tidy(after.text), "the line under the kind of note"
    display = _tidy(re.sub(r"\.(?:xlsx?|docx?|pdf|odt|pptx?)$", "", properties.get("display_title", ""), flags=re.IGNORECASE))
    if display and looks_like_title(display):
        return display, "largest text on the first page"
    prop = _tidy(re.sub(r"^microsoft (?:word|excel|powerpoint) - ", "", properties.get("title", ""), flags=re.IGNORECASE))
    if prop and looks_like_title(prop) and prop.lower() != path.stem.lower():
        return prop, "file properties"
    heading = next((b.text for b in blocks[:60] if b.kind == "heading" and looks_like_title(b.text)), "")
    if heading:
        return _tidy(heading), "first heading"
    return _title_from_name(path), "file name"


# "namens het Adviescollege ICT-toetsing,", "Namens het bestuur van de Nederlandse Vereniging voor Burgerzaken":
# who a letter is signed for
_ON_BEHALF = re.compile(
    r"(?:^|,\s*)(?i:namens)\s+(?i:het\s+|de\s+)?(?i:(?:dagelijks\s+)?bestuur\s+van\s+(?:het\s+|de\s+)?)?"
    r"([^,;:]{3,80}?)[,.]?$"
)
MAX_SIGNED_FOR_WORDS = 10
# "Provincie Overijssel Luttenbergstraat 2 Postbus 10078 8000 GB Zwolle Telefoon 038 ...": where the address starts
_ADDRESS_START = re.compile(
    r"\s(?:[A-Z][\w'-]*(?:straat|weg|laan|plein|kade|singel|dreef|park|hof|gracht|markt|dijk)\s+\d|Postbus\s+\d|\d{4}\s?[A-Z]{2}\b)"
)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s+)?([^,;\n]{3,80})", re.IGNORECASE)
_MINISTER_SIGNS = re.compile(r"^(?i:de\s+)?(?i:minister|staatssecretaris)\s+van\s+([A-Z][^;:\n]{2,70}?),$")
_CONTACT = re.compile(r"(?i)\b(?:telefoon|tel\.|www\.|kvk|iban|e-?mail)\b|@")
# the signing body before its officers: "Gedeputeerde Staten van Overijssel, voorzitter, ..."
_SIGNING_BODY = re.compile(
    r"^([^,;:]{3,80}?),?\s+(?i:de\s+|het\s+)?(?i:voorzitter|secretaris|burgemeester|griffier|gemeentesecretaris)\b"
)
SIGNATURE_BLOCKS = 4  # the closing and the blocks after it (a "Namens ..." line may be set apart)


def _derive_sender(properties: dict[str, str], front: list[Block], blocks: list[Block]) -> tuple[str, str]:
    author = _tidy(properties.get("sender", ""))
    if author and "@" not in author and _ORGANISATION.search(author):
        return author, "file properties"
    for block in blocks:  # the rights holder: "©Vereniging van Nederlandse Gemeenten, Den Haag, 11/08/2022"
        m = _COPYRIGHT.search(block.text)
        name = _tidy(m.group(1)) if m else ""
        if name and len(name.split()) <= 8 and _ORGANISATION.search(name) and not re.search(r"\d", name):
            return name, "copyright line"
    for block in front[:30]:  # the letterhead: a body with its address and how to reach it
        for line in block.text.split("\n"):
            line = _tidy(line)
            address = _ADDRESS_START.search(line)
            name = line[: address.start()].strip(" ,") if address else ""
            if name and _CONTACT.search(line) and len(name.split()) <= 8 and _ORGANISATION_LINE.match(name):
                return name, "letterhead"
    ending = blocks[len(blocks) // 2 :]
    for block in ending:  # the body that signs: "Gedeputeerde Staten van Overijssel, voorzitter, ..."
        for line in block.text.split("\n"):
            m = _SIGNING_BODY.search(_tidy(line))
            if m and len(m.group(1).split()) <= 8 and _ORGANISATION_LINE.match(m.group(1)):
                return m.group(1), "signature"
    for block in ending:  # a minister signs for the ministry: "De Staatssecretaris van Veiligheid en Justitie,"
        m = _MINISTER_SIGNS.match(" ".join(block.text.split())) if block.reason == "signature" else None
        if m:
            return f"Ministerie van {m.group(1)}", "signature"
    for block in front[:30]:
        if block.kind == "table":  # "Gemeente | Inwoners | Bijdrage" is a header row
            continue
        for line in block.text.split("\n"):
            line = _tidy(line)
            if len(line.split()) <= 8 and _ORGANISATION_LINE.match(line) and not re.search(r"\d|\.$|[|;]", line):  # no address
                return line, "first page"
    # whom the letter is signed for: a body named after "namens" where the letter closes
    half = len(blocks) // 2
    closes = [i for i in range(half, len(blocks)) if blocks[i].reason == "signature" or CLOSING.match(blocks[i].text)]
    near = sorted({j for i in closes for j in range(i, min(len(blocks), i + SIGNATURE_BLOCKS))}, reverse=True)
    for block in (blocks[j] for j in near):
        for line in reversed(block.text.split("\n")):
            m = _ON_BEHALF.search(_tidy(line))
            name = m.group(1).strip() if m else ""
            if (
                _ORGANISATION.search(name)  # a body, not a person: "namens Peter Cool" names no sender
                and len(name.split()) <= MAX_SIGNED_FOR_WORDS
                and not re.search(r"[\d<>\[\]{}…]|\.\.", name)  # no template: "namens de gemeente <GEMEENTE>"
            ):
                return name, "signature"
    return "", ""


def _iso(match: re.Match[str]) -> str:
    g = match.groups()
    if g[0]:
        day, month, year = int(g[0]), _MONTHS[g[1].lower().rstrip(".")], int(g[2])
    elif g[3]:
        day, month, year = int(g[3]), int(g[4]), int(g[5])
    else:
        year, month, day = int(g[6]), int(g[7]), int(g[8])
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _derive_date(path: Path, properties: dict[str, str], front: list[Block], title: str) -> tuple[str, str]:
    for block in front:
        for line in block.text.split("\n"):
            for start in _DATE_LINE.finditer(line):
                m = _ANY_DATE.match(line, start.end())
                if m and _iso(m):
                    return _iso(m), "date line"
            for label in _DATE_LABEL.finditer(line):  # "Raadsinformatiebrief Datum: 7 mei 2024 Onderwerp: ..."
                m = _ANY_DATE.match(line, label.end())
                if m and _iso(m):
                    return _iso(m), "date line"
            for received in _RECEIVED.finditer(line):  # the answers to parliamentary questions
                answered = _ANY_DATE.match(line, received.end())
                if answered and _iso(answered):
                    return _iso(answered), "date the answer was received"
            if len(line.split()) <= 14:  # "©VNG, Den Haag, 11/08/2022": a place and a date in a short line
                for m in _PLACE_DATE.finditer(line):
                    found = _ANY_DATE.match(line, m.end())
                    if found and _iso(found):
                        return _iso(found), "place and date"
    for block in front:  # labels and values in one run: "datum telefoon fax e-mail 10 december 2024 ..."
        if block.reason == "letterhead":
            for line in block.text.split("\n"):
                tag = _DATE_LABEL.search(line)
                after = _ANY_DATE.search(line, tag.end()) if tag else None
                if after and _iso(after):
                    return _iso(after), "date line"
    margin = " ".join(properties.get("first_page_margin", "").split())  # "Datum 8 december 2025 Kenmerk ..."
    tag = _DATE_LABEL.search(margin)
    after = _ANY_DATE.search(margin, tag.end()) if tag else None
    if after and _iso(after):
        return _iso(after), "date line in the margin"
    m = _ANY_DATE.search(title)
    if m and _iso(m):
        return _iso(m), "title"
    named = _date_from_name(path.name)
    if named:
        return named, "file name"
    meta = properties.get("date", "")
    if _ISO_DATE.match(meta):
        return meta, "the file's publication metadata"
    for block in front[:12]:  # a short line that ends in a full date: "35851-71 16 januari 2025"
        text = " ".join(block.text.split())
        m = _ANY_DATE.search(text)
        if m and _iso(m) and len(text.split()) <= 6 and text.rstrip(" .").endswith(m.group(0)):
            return _iso(m), "date on the first page"
    for block in front[:12]:  # a report's title page: "januari 2025", "Programmabureau DTZ, januari 2025"
        m = _MONTH_YEAR.search(block.text)
        if m and len(block.text.split()) <= 6 and block.text.rstrip(" .").endswith(m.group(0)):
            return f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}", "month on the first page"
    # Last: the file's own title property often carries the save date ("Jaarstukken 2023 concept 22022024"),
    # but may be left over from a template or an earlier draft, so whatever the document shows comes first.
    prop_title = properties.get("title", "")
    m = _ANY_DATE.search(prop_title)
    if m and _iso(m):
        return _iso(m), "the title in the file properties"
    compact = _compact_date(prop_title)
    if compact:
        return compact, "the title in the file properties"
    return "", ""


MAX_NAMING_WORDS = 4  # a line names what the document is in its first words: "Gemeente Emmen Raadsvoorstel"


def _derive_type(path: Path, title: str, front: list[Block], properties: dict[str, str]) -> tuple[str, str]:
    name = re.sub(r"[-_]+", " ", path.stem).lower()
    # A letter, proposal or minutes says what it is near the top, where a line starts ("Raadsinformatiebrief",
    # "Gemeente Emmen Raadsvoorstel"); a sentence that mentions one ("Samenvatting voor de openbare
    # besluitenlijst") does not. What it is about ("Jaarverslag 2023") comes after.
    opening = "\n".join(" ".join(line.split()[:MAX_NAMING_WORDS]) for b in front[:6] for line in b.text.lower()[:600].split("\n"))
    sources = ((title.lower(), "title"), (name, "file name"), (opening, "first lines"))
    # Other type words count in the title and the file name only: the text mentions jaarplannen it is not.
    for words, where in ((_LETTER_TYPES, sources), (_TYPE_WORDS, sources[:2])):
        for text, how in where:
            for word, kind in words:
                if _TYPE_PATTERNS[word].search(text):
                    return kind, how
    if path.suffix.lower() in (".html", ".htm") and not properties.get("official"):
        return "webpagina", "file type"
    return "other", "no type word found"


def _title_from_name(path: Path) -> str:
    stem = _NAME_DATE.sub(" ", path.stem)
    stem = _NAME_SHORT_DATE.sub("", stem)
    stem = _NAME_MONTH.sub("", stem)
    words = re.sub(r"[-_]+", " ", stem.strip("-_ ") or path.stem).strip()
    words = " ".join(words.split())
    return words[:1].upper() + words[1:]


def _compact_date(text: str) -> str:
    """A date written as eight digits, YYYYMMDD or DDMMYYYY when only one reading is a date ("22022024")."""
    for m in re.finditer(r"(?<![\d.,])(\d{8})(?![\d.,])", text):
        digits = m.group(1)
        readings = {
            iso
            for year, month, day in ((digits[:4], digits[4:6], digits[6:]), (digits[4:], digits[2:4], digits[:2]))
            if (iso := _valid(int(year), int(month), int(day)))
        }
        if len(readings) == 1:
            return readings.pop()
    return ""


def _valid(year: int, month: int, day: int) -> str:
    if not (1990 <= year <= 2100 and 1 <= month <= 12):
        return ""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def _date_from_name(name: str) -> str:
    m = _NAME_DATE.search(name)
    if m:
        return "-".join(m.groups())
    m = _NAME_SHORT_DATE.match(name)
    if m:
        return f"20{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = _NAME_MONTH.match(name)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    return ""
