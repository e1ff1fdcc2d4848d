"""Do the re-rank's hand-set bonuses generalise? Leave one question set out, one setting at a time.

The re-rank (index/rerank.py) adds hand-set amounts for answer signals: ``sentence_weight``,
``definition_bonus``, ``quantity_bonus``, ``date_bonus``, ``person_bonus``, ``list_bonus``,
``year_bonus`` and ``recency_bonus``.
Each was set on the question files the project has. This measures whether the values carry over
to a set they were not chosen on:

1. for each setting and each value of a small grid (the other settings at their config.yaml
   values), the MRR of every question set: the DTZ files on the bundled knowledge base (follow-ups
   in their conversation; strict hits, top 5), ../shared/realdocs/questions.yaml on the real
   documents, and PolicyQA (the relevant page, top 10) on its own pages;
2. for each set held out, the value with the best mean MRR over the other sets (ties go to the
   shipped value), and the held-out set's MRR with that value, with the shipped value and with the
   setting switched off (0).

A setting generalises when the value picked without a set is the shipped one (or as good on it),
and the held-out MRR with it is at least that with the setting off.

    python bench/rerank_cv.py [--work DIR] [--only SETTING]   # builds its indexes in --work on the first run
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quality import prepare  # noqa: E402
from index import Library, load_config  # noqa: E402
from index.config import Config  # noqa: E402
from index.embedders import create_embedder  # noqa: E402
from index.evaluate import evaluate, load_cases  # noqa: E402

SHARED = ROOT.parent / "shared"
DTZ_SETS = {
    "dev": SHARED / "eval" / "dev-questions.yaml",
    "more": ROOT / "tests" / "data" / "more-questions.yaml",
    "english": ROOT / "tests" / "data" / "english-questions.yaml",
    "near-miss": SHARED / "eval" / "near-miss-questions.yaml",
    "paraphrase": SHARED / "eval" / "paraphrase-questions.yaml",
    "followups": SHARED / "eval" / "followups.yaml",
}
GRID = {
    "sentence_weight": [0.0, 0.25, 0.5, 0.75, 1.0],
    "definition_bonus": [0.0, 0.15, 0.3, 0.45],
    "quantity_bonus": [0.0, 0.1, 0.2, 0.3],
    "date_bonus": [0.0, 0.1, 0.2, 0.3],
    "person_bonus": [0.0, 0.1, 0.2, 0.3],
    "list_bonus": [0.0, 0.1, 0.2, 0.3],
    "year_bonus": [0.0, 0.075, 0.15, 0.3],
    "recency_bonus": [0.0, 0.3, 0.6, 0.9],
}


class CachedQueries:
    """The configured embedder with each question embedded once (the grid asks every question many times)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.engine, self.model, self.dim = inner.engine, inner.model, inner.dim
        self._cache: dict[str, np.ndarray] = {}

    def embed_query(self, text: str) -> np.ndarray:
        if text not in self._cache:
            self._cache[text] = self._inner.embed_query(text)
        return self._cache[text]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self.embed_query(t) for t in texts])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._inner.embed_passages(texts)


def _library(cfg: Config, embedder: CachedQueries) -> Library:
    lib = Library(cfg, embedder)  # type: ignore[arg-type]
    lib.update()  # builds the index on the first run, keeps it after
    lib.load()
    return lib


def _policyqa_mrr(lib: Library, queries: list[dict[str, str]], qrels: dict[str, str]) -> float:
    """MRR@10 of the relevant page (a page ranks where its best passage does)."""
    by_id = {c.id: c.source.removesuffix(".txt") for c in lib.stored.chunks}
    total = 0.0
    for q in queries:
        pages: list[str] = []
        for chunk_id in lib.rank_ids(q["text"], 200):
            page = by_id[chunk_id]
            if page not in pages:
                pages.append(page)
            if len(pages) == 10:
                break
        if qrels[q["_id"]] in pages:
            total += 1 / (pages.index(qrels[q["_id"]]) + 1)
    return total / len(queries)


def main() -> None:
    """Run the measurement."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/dtzbot-bench-rerank"))
    ap.add_argument("--only", choices=sorted(GRID), help="measure this one setting")
    args = ap.parse_args()
    base = load_config(ROOT / "config.yaml")
    embedder = CachedQueries(create_embedder(base.embedding))
    policyqa = SHARED / "external" / "policyqa"
    prepare(policyqa, args.work / "policyqa" / "knowledge")
    libs = {
        "dtz": _library(base.with_paths(ROOT / "knowledge", args.work / "dtz"), embedder),
        "realdocs": _library(base.with_paths(SHARED / "realdocs" / "documents", args.work / "realdocs"), embedder),
        "policyqa": _library(base.with_paths(args.work / "policyqa" / "knowledge", args.work / "policyqa" / "data"), embedder),
    }
    cases = {name: load_cases(path) for name, path in DTZ_SETS.items()}
    cases["realdocs"] = load_cases(SHARED / "realdocs" / "questions.yaml")
    queries = [json.loads(x) for x in (policyqa / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    qrels = {line.split("\t")[0]: line.split("\t")[1] for line in (policyqa / "qrels.tsv").read_text().splitlines()[1:]}
    sets = [*cases, "policyqa"]

    def scores(search: Any) -> dict[str, float]:
        out: dict[str, float] = {}
        for lib in libs.values():
            lib.config = dataclasses.replace(lib.config, search=search)
        for name, items in cases.items():
            out[name] = float(evaluate(libs["realdocs" if name == "realdocs" else "dtz"], items)["mrr"] or 0.0)
        out["policyqa"] = _policyqa_mrr(libs["policyqa"], queries, qrels)
        return out

    started = time.perf_counter()
    shipped = base.search
    table: dict[str, dict[float, dict[str, float]]] = {}
    for setting, values in GRID.items():
        if args.only and setting != args.only:
            continue
        table[setting] = {}
        for value in sorted({*values, getattr(shipped, setting)}):
            table[setting][value] = scores(dataclasses.replace(shipped, **{setting: value}))
    print(f"{sum(len(v) for v in table.values())} configurations in {time.perf_counter() - started:.0f} s\n")

    print("MRR per set (the shipped value marked *):")
    print(f"  {'setting':18s} {'value':>6s}  " + " ".join(f"{s[:9]:>9s}" for s in sets))
    for setting, by_value in table.items():
        for value, per_set in by_value.items():
            mark = "*" if value == getattr(shipped, setting) else " "
            print(f"  {setting:18s} {value:5.3g}{mark}  " + " ".join(f"{per_set[s]:9.3f}" for s in sets))
    print("\nleave one set out: the value picked on the other sets, and the held-out MRR with it / shipped / off")
    for setting, by_value in table.items():
        own = getattr(shipped, setting)
        picks, kept, better_than_off = [], 0, 0
        for held in sets:
            others = [s for s in sets if s != held]
            # the best mean over the other sets; ties go to the shipped value, then to the smaller one
            ranked = [
                (round(sum(per_set[s] for s in others) / len(others), 6), v == own, -v, v) for v, per_set in by_value.items()
            ]
            pick = max(ranked)[-1]
            picks.append(f"{held}: {pick:g} ({by_value[pick][held]:.3f} / {by_value[own][held]:.3f} / {by_value[0.0][held]:.3f})")
            kept += pick == own
            better_than_off += by_value[pick][held] >= by_value[0.0][held] - 1e-9
        print(
            f"  {setting} (shipped {own:g}): picked the shipped value for {kept}/{len(sets)} held-out sets; "
            f"held-out MRR >= off for {better_than_off}/{len(sets)}"
        )
        for line in picks:
            print(f"      {line}")


if __name__ == "__main__":
    main()
