"""A picture of a cited PDF page with the passage marked: rendered by pypdfium2, checked pixel by pixel."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from index.pages import PageError, page_picture
from tests.conftest import DATA

PDF = DATA / "jaarverslag-2023.pdf"
PASSAGE = "De provincie Drenthe draagt het bedrag van 95.000 euro bij aan het programma."


def decode_png(png: bytes) -> np.ndarray:
    """The RGB pixels of a PNG as written by index.pages (8-bit RGB, filter 0 on every row)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, size = 8, b"", (0, 0)
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])[0]
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            data += body
        pos += 12 + length
    width, height = size
    rows = np.frombuffer(zlib.decompress(data), dtype=np.uint8).reshape(height, 1 + width * 3)
    assert not rows[:, 0].any()
    return rows[:, 1:].reshape(height, width, 3)


def yellow(pixels: np.ndarray) -> int:
    r, g, b = (pixels[:, :, i].astype(int) for i in range(3))
    return int(((r > 200) & (g > 180) & (b < 150)).sum())


def test_the_cited_page_is_rendered_with_the_passage_marked() -> None:
    picture = page_picture(PDF, 2, PASSAGE)
    pixels = decode_png(picture.png)
    assert picture.marked and pixels.shape == (picture.height, picture.width, 3)
    assert 800 <= picture.width <= 1000  # an A4 page, legible on a phone
    assert yellow(pixels) > 2000  # the marked lines
    plain = decode_png(page_picture(PDF, 2, "Een zin die nergens in dit document staat, ook niet ongeveer.").png)
    assert yellow(plain) == 0


def test_a_passage_split_over_lines_and_hyphenated_is_still_found() -> None:
    text = "Het totale budget voor 2023 bedroeg 410.000 euro en is volledig besteed aan projecten en communicatie."
    assert page_picture(PDF, 2, text).marked
    assert not page_picture(PDF, 1, text).marked  # it is on page 2, not 1


def test_what_cannot_be_shown_is_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(PageError, match="no page 9"):
        page_picture(PDF, 9, PASSAGE)
    with pytest.raises(PageError, match="cannot open"):
        page_picture(DATA / "cp1252.txt", 1, PASSAGE)
    with pytest.raises(PageError, match="cannot open"):
        page_picture(DATA / "corrupt.pdf", 1, PASSAGE)
