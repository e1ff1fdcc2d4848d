"""Tables as blocks: one block per row, each carrying the header row.

A passage that holds rows 12-20 of a budget table must still say what the columns are,
so every data row is written as "Kop: waarde; Kop: waarde" when the first row looks like a
header (short texts, mostly words, no empty cell). Without a header the cells are joined
with " | ". The header row itself is kept as the first block, so the text is not lost.
"""

from __future__ import annotations

import re

from index.models import Block

_NUMERIC = re.compile(r"^[\s€%$()+\-–.,\d]*$")


def looks_like_header(cells: list[str]) -> bool:
    """A first row of labels: every cell filled, short, and not a number."""
    filled = [c for c in cells if c.strip()]
    return (
        len(cells) >= 2
        and len(filled) >= max(2, len(cells) - 1)
        and all(len(c.split()) <= 8 for c in filled)
        and sum(bool(_NUMERIC.match(c)) for c in filled) == 0
        and len(set(filled)) == len(filled)
    )


def table_blocks(rows: list[list[str]], page: int | None = None) -> list[Block]:
    """Blocks for a table given as rows of cell texts."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return []
    header = rows[0] if len(rows) > 1 and looks_like_header(rows[0]) else None
    blocks = [Block(" | ".join(c for c in rows[0] if c), "table", page)] if header else []
    for row in rows[1:] if header else rows:
        if header and len(row) == len(header):
            pairs = [f"{h}: {v}" if h else v for h, v in zip(header, row, strict=True) if v.strip()]
            text = "; ".join(pairs)
        else:
            text = " | ".join(c for c in row if c.strip())  # "0,00% | 0 | 0,00% | 0": a repeated value is a value
        if text:
            blocks.append(Block(text, "table", page))
    return blocks
