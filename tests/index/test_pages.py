"""A picture of a cited PDF page with the passage marked: rendered by pypdfium2, checked pixel by pixel."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from index.pages import PageError, page_picture
from tests.conftest import DATA
from tests.handmade_pdf import pdf_bytes

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


def _red_square_pdf(path: Path, rotate: int = 0) -> Path:
    """A one-page PDF written by hand: a red square on white (and optionally a /Rotate)."""
    content = b"1 0 0 rg 100 100 200 200 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Rotate %d >>" % rotate,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    path.write_bytes(pdf_bytes(objects))
    return path


def test_colours_come_out_as_they_are(tmp_path: Path) -> None:
    pixels = decode_png(page_picture(_red_square_pdf(tmp_path / "rood.pdf"), 1, "").png)
    r, g, b = (pixels[:, :, i].astype(int) for i in range(3))
    assert int(((r > 200) & (g < 60) & (b < 60)).sum()) > 10000  # red, not blue
    assert int(((b > 200) & (r < 60)).sum()) == 0


def test_a_rotated_page_is_shown_but_not_marked(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(PDF).pages:
        writer.add_page(page)
    writer.pages[1].rotate(90)
    rotated = tmp_path / "gedraaid.pdf"
    with rotated.open("wb") as fh:
        writer.write(fh)
    picture = page_picture(rotated, 2, PASSAGE)
    assert not picture.marked and picture.width > picture.height  # landscape now; no mark in the wrong place
    assert yellow(decode_png(picture.png)) == 0


def test_pictures_are_rendered_one_at_a_time_from_many_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        pictures = list(pool.map(lambda n: page_picture(PDF, 1 + n % 3, PASSAGE), range(12)))
    assert [p.marked for p in pictures] == [n % 3 == 1 for n in range(12)]
