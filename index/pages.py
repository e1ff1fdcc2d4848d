"""A picture of a cited PDF page, with the quoted passage marked on it.

Rendered with pypdfium2 (PDFium, BSD/Apache licensed). The passage is found on the page by
its text: the page's characters are folded and their whitespace collapsed the way the
passage's are, the passage's sentences are looked for in that text, and the boxes of the
characters found are marked in yellow with a bar in the margin. The picture is a PNG
written with zlib, so no imaging library is needed.
"""

from __future__ import annotations

import re
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.analysis import fold
from index.errors import DTZError

SCALE = 1.6  # pixels per PDF point: a phone screen shows an A4 page legibly at about 950 pixels wide
MAX_SIDE = 2400  # Telegram shows photos up to 2560 pixels on a side
_MARK = np.array([255, 221, 0], dtype=np.float32)  # yellow
_BAR = np.array([230, 120, 0], dtype=np.uint8)


_PDFIUM = threading.Lock()  # PDFium is not thread-safe, not even across documents: one render at a time


class PageError(DTZError):
    """The page cannot be shown (not a PDF, no such page, unreadable)."""


@dataclass(frozen=True)
class Picture:
    """A rendered page: PNG bytes, and whether the passage was found and marked on it."""

    png: bytes
    marked: bool
    width: int
    height: int


def page_picture(path: Path, page: int, passage: str, scale: float = SCALE) -> Picture:
    """Render page ``page`` (1-based) of a PDF with ``passage`` marked where it stands."""
    with _PDFIUM:
        return _render(path, page, passage, scale)


def _render(path: Path, page: int, passage: str, scale: float) -> Picture:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise PageError(f"cannot open the PDF: {exc}") from None
    try:
        if not 1 <= page <= len(document):
            raise PageError(f"the PDF has no page {page}")
        pdf_page = document[page - 1]
        width, height = pdf_page.get_size()
        scale = min(scale, MAX_SIDE / max(width, height, 1))
        pixels = pdf_page.render(scale=scale, rev_byteorder=True).to_numpy()[:, :, :3].copy()  # RGB, as the PNG says
        # On a rotated page the text boxes are in the unrotated page's space: the picture is shown unmarked
        boxes = _passage_boxes(pdf_page, passage) if pdf_page.get_rotation() == 0 else []
        margin = int(min((b[0] for b in boxes), default=0) * scale) - 14
        for left, bottom, right, top in boxes:
            x0, x1 = max(int(left * scale) - 2, 0), int(right * scale) + 2
            y0, y1 = max(int((height - top) * scale) - 2, 0), int((height - bottom) * scale) + 2
            area = pixels[y0:y1, x0:x1].astype(np.float32)
            pixels[y0:y1, x0:x1] = (area * 0.55 + _MARK * 0.45).astype(np.uint8)
            if margin > 0:  # a bar in the margin finds the mark at a glance
                pixels[y0:y1, margin : margin + 6] = _BAR
    finally:
        document.close()
    return Picture(_png(pixels), bool(boxes), pixels.shape[1], pixels.shape[0])


def _passage_boxes(pdf_page: object, passage: str) -> list[tuple[float, float, float, float]]:
    """The rectangles (PDF points) of the passage's text on the page; [] when it is not found."""
    text_page = pdf_page.get_textpage()  # type: ignore[attr-defined]
    count = text_page.count_chars()
    raw = text_page.get_text_range(0, count)
    folded, where = _normalise(raw)
    found: list[tuple[int, int]] = []
    for sentence in _pieces(passage):
        target, _ = _normalise(sentence)
        if len(target) < 12:
            continue
        at = folded.find(target)
        if at >= 0:
            found.append((where[at], where[at + len(target) - 1]))
    boxes = []
    for start, end in _merge(found):
        for n in range(text_page.count_rects(start, end - start + 1)):
            boxes.append(text_page.get_rect(n))
    return boxes


def _pieces(passage: str) -> list[str]:
    """The passage's sentences (long ones in halves, so a line the PDF breaks oddly still matches part)."""
    pieces = []
    for sentence in re.split(r"(?<=[.!?:;])\s+|\n+", passage):
        words = sentence.split()
        if len(words) > 24:
            pieces += [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])]
        elif words:
            pieces.append(" ".join(words))
    return pieces


def _normalise(text: str) -> tuple[str, list[int]]:
    """Folded letters and digits only (hyphenation, spaces and punctuation dropped), with each one's index in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = fold(ch)
        if f and f.isalnum():
            out.append(f[0])
            where.append(i)
    return "".join(out), where


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _png(pixels: np.ndarray) -> bytes:
    """An RGB array as PNG bytes."""
    height, width, _ = pixels.shape
    rows = np.concatenate([np.zeros((height, 1), dtype=np.uint8), pixels.reshape(height, width * 3)], axis=1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + chunk(b"IEND", b"")
