"""Retrieval quality on PolicyQA: lexical only, dense only and hybrid, in one run.

PolicyQA (shared/external/policyqa) holds 500 real Dutch government questions, each
with one relevant answer page. Every page is written as a document into a scratch
knowledge folder and indexed by the product itself (same cleaning and chunking),
so the measurement is the product's. A page's rank is the rank of its best passage.

    python bench/quality.py [--policyqa DIR] [--work DIR] [--weights 0.3,0.5,0.7]

Prints nDCG@10, MRR@10 and Recall@10 for lexical, dense, the product's hybrid (min-max fusion
with re-ranking) and, for comparison, reciprocal rank fusion (k=60) of the same two rankings.
The scratch index is kept in --work so that reruns do not embed again.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import Library, load_config  # noqa: E402
from index.config import Config  # noqa: E402


def prepare(policyqa: Path, knowledge: Path) -> None:
    """Write each PolicyQA page as a text document with front matter."""
    knowledge.mkdir(parents=True, exist_ok=True)
    for line in (policyqa / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        path = knowledge / f"{page['_id']}.txt"
        if path.exists():
            continue
        title = page.get("title") or page["_id"]
        path.write_text(f"---\ntitle: {json.dumps(title)}\ntype: webpagina\n---\n{page['text']}\n", encoding="utf-8")


def rrf_ids(lib: Library, question: str, k: int = 60) -> list[str]:
    """Reciprocal rank fusion of the lexical and dense rankings (the alternative to min-max fusion)."""
    scores: dict[str, float] = {}
    for mode in ("lexical", "dense"):
        for rank, chunk_id in enumerate(lib.rank_ids(question, 200, mode), start=1):  # type: ignore[arg-type]
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1 / (k + rank)
    return sorted(scores, key=lambda c: -scores[c])


def page_ranking(lib: Library, question: str, mode: str, depth: int = 10) -> list[str]:
    """Pages in the order of their best passage."""
    pages: list[str] = []
    by_id = {c.id: c.source for c in lib.stored.chunks}
    ids = rrf_ids(lib, question) if mode == "rrf" else lib.rank_ids(question, 200, mode)  # type: ignore[arg-type]
    for chunk_id in ids:
        page = by_id[chunk_id].removesuffix(".txt")
        if page not in pages:
            pages.append(page)
        if len(pages) >= depth:
            break
    return pages


def metrics(ranked: list[list[str]], relevant: list[str]) -> dict[str, float]:
    """nDCG@10, MRR@10 and Recall@10 with one relevant page per question."""
    ndcg = mrr = recall = 0.0
    for pages, rel in zip(ranked, relevant, strict=True):
        if rel in pages[:10]:
            r = pages.index(rel) + 1
            ndcg += 1 / math.log2(r + 1)
            mrr += 1 / r
            recall += 1
    n = len(relevant)
    return {"ndcg@10": round(ndcg / n, 4), "mrr@10": round(mrr / n, 4), "recall@10": round(recall / n, 4)}


def main() -> None:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policyqa", type=Path, default=ROOT.parent / "shared" / "external" / "policyqa")
    ap.add_argument("--work", type=Path, default=Path("/tmp/dtzbot-bench-policyqa"))
    ap.add_argument("--weights", default="", help="extra dense weights to compare, e.g. 0.3,0.7")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N questions")
    args = ap.parse_args()

    base = load_config(ROOT / "config.yaml")
    cfg: Config = base.with_paths(args.work / "knowledge", args.work / "data")
    prepare(args.policyqa, cfg.knowledge_dir)
    lib = Library(cfg)
    started = time.perf_counter()
    report = lib.update()
    print(
        f"index: {report.chunks} passages from {report.files_read + report.files_reused} pages "
        f"({report.chunks_embedded} embedded now, {time.perf_counter() - started:.1f} s)"
    )

    queries = [json.loads(x) for x in (args.policyqa / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    qrels = {}
    for line in (args.policyqa / "qrels.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        qid, cid, _ = line.split("\t")
        qrels[qid] = cid
    if args.limit:
        queries = queries[: args.limit]
    relevant = [qrels[q["_id"]] for q in queries]

    results: dict[str, dict[str, float]] = {}
    for mode in ("lexical", "dense", "hybrid", "rrf"):
        ranked = [page_ranking(lib, q["text"], mode) for q in queries]
        results["hybrid RRF k=60" if mode == "rrf" else mode] = metrics(ranked, relevant)
    for w in [float(x) for x in args.weights.split(",") if x]:
        lib.config = dataclasses.replace(cfg, search=dataclasses.replace(cfg.search, dense_weight=w))
        ranked = [page_ranking(lib, q["text"], "hybrid") for q in queries]
        results[f"hybrid w={w}"] = metrics(ranked, relevant)
    print(f"PolicyQA, {len(queries)} questions, pages chunked by the product (dense_weight={cfg.search.dense_weight}):")
    for name, m in results.items():
        print(f"  {name:16s} " + "  ".join(f"{k} {v:.4f}" for k, v in m.items()))


if __name__ == "__main__":
    main()
