"""Page pictures: how long rendering a cited page with its passage marked takes, on the real PDFs.

Builds (or reuses) an index of ../shared/realdocs/documents, takes 40 PDF passages at random
(seeded) and renders each one's page with index.pages.page_picture, as the bot's "Blz. N"
button does. Prints p50/p95/max and how many passages were found and marked on their page.

    python bench/pages.py [--docs DIR] [--index DIR] [--n 40]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.speed import pct  # noqa: E402
from index import IndexMismatchError, Library, load_config  # noqa: E402
from index.pages import page_picture  # noqa: E402


def main() -> None:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, default=ROOT.parent / "shared" / "realdocs" / "documents")
    ap.add_argument("--index", type=Path, default=Path("/tmp/dtzbot-bench-pages"))
    ap.add_argument("--n", type=int, default=40)
    args = ap.parse_args()
    lib = Library(load_config(ROOT / "config.yaml").with_paths(knowledge_dir=args.docs, index_dir=args.index))
    try:
        lib.ensure_built()
    except IndexMismatchError:
        lib.build()
    passages = [c for c in lib.passages() if c.page and c.source.lower().endswith(".pdf")]
    sample = random.Random(1).sample(passages, min(args.n, len(passages)))
    times, marked, sizes = [], 0, []
    for chunk in sample:
        t0 = time.perf_counter()
        picture = page_picture(lib.source_path(chunk.source), chunk.page or 1, chunk.text)
        times.append(time.perf_counter() - t0)
        marked += picture.marked
        sizes.append(len(picture.png))
    print(f"{len(sample)} pages of {len({c.source for c in sample})} PDFs; passage found and marked on {marked}")
    print(
        f"render + mark + PNG: p50 {statistics.median(times) * 1000:.0f} ms  p95 {pct(times, 95) * 1000:.0f} ms  "
        f"max {max(times) * 1000:.0f} ms; PNG median {statistics.median(sizes) / 1024:.0f} KB"
    )


if __name__ == "__main__":
    main()
