"""Which Dutch analyser: Snowball "dutch", Snowball "dutch_porter" or simplemma's lemmas, by the numbers.

For each analyser (in a process of its own) the three knowledge bases are indexed anew with
it: the bundled DTZ documents, ../shared/realdocs/documents and the PolicyQA pages. Then every
question file is asked as the bot asks it (strict hits, follow-ups in their conversation) and
PolicyQA is ranked page by page. Prints per file hit@1 / hit@3 / MRR and the refusals, and
PolicyQA nDCG@10 for the lexical ranking alone and for the hybrid one.

    python bench/analysers.py [--work DIR] [--only dutch,simplemma]

simplemma is not a dependency of the product: ``pip install simplemma`` first. The vectors are
reused between analysers (they do not depend on it), so only the first run embeds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
FILES = [
    ("dev", SHARED / "eval" / "dev-questions.yaml", "dtz"),
    ("more", ROOT / "tests" / "data" / "more-questions.yaml", "dtz"),
    ("english", ROOT / "tests" / "data" / "english-questions.yaml", "dtz"),
    ("near-miss", SHARED / "eval" / "near-miss-questions.yaml", "dtz"),
    ("paraphrase", SHARED / "eval" / "paraphrase-questions.yaml", "dtz"),
    ("followups", SHARED / "eval" / "followups.yaml", "dtz"),
    ("realdocs", SHARED / "realdocs" / "questions.yaml", "realdocs"),
]


def measure(name: str, work: Path) -> dict[str, object]:
    """Index the three bases with analyser ``name`` and measure every file (run in a process of its own)."""
    from bench.quality import metrics, page_ranking, prepare
    from index import Library, analysis, load_config
    from index.evaluate import evaluate, load_cases

    analysis.use_analyser(name)
    base = load_config(ROOT / "config.yaml")
    policyqa = SHARED / "external" / "policyqa"
    prepare(policyqa, work / "policyqa-knowledge")
    libs = {
        "dtz": Library(base.with_paths(index_dir=work / "dtz")),
        "realdocs": Library(base.with_paths(SHARED / "realdocs" / "documents", work / "realdocs")),
        "policyqa": Library(base.with_paths(work / "policyqa-knowledge", work / "policyqa")),
    }
    for lib in libs.values():
        lib.build()  # anew: the terms are the analyser's
    out: dict[str, object] = {}
    for label, path, kb in FILES:
        r = evaluate(libs[kb], load_cases(path))
        per = r["per_case"]
        out[label] = {
            "hit1": r["hit_at_1"],
            "hit3": r["hit_at_3"],
            "mrr": r["mrr"],
            "neg": f"{sum(not c['answered'] for c in per if c['unanswerable'])}/{sum(c['unanswerable'] for c in per)}",
            "pos": f"{sum(not c['answered'] for c in per if not c['unanswerable'])}/{sum(not c['unanswerable'] for c in per)}",
        }
    queries = [json.loads(x) for x in (policyqa / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    qrels = dict(line.split("\t")[:2] for line in (policyqa / "qrels.tsv").read_text(encoding="utf-8").splitlines()[1:])
    relevant = [qrels[q["_id"]] for q in queries]
    for mode in ("lexical", "hybrid"):
        ranked = [page_ranking(libs["policyqa"], q["text"], mode) for q in queries]
        out[f"policyqa-{mode}"] = metrics(ranked, relevant)["ndcg@10"]
    return out


def main() -> None:
    """Run each analyser in its own process and print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=Path("/tmp/dtzbot-bench-analysers"))
    ap.add_argument("--only", default="", help="comma-separated analysers (default: all)")
    ap.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.work)))
        return
    from index.analysis import ANALYSERS

    names = [n for n in args.only.split(",") if n] or list(ANALYSERS)
    results = {}
    for name in names:
        run = [sys.executable, __file__, "--work", str(args.work), "--child", name]
        proc = subprocess.run(run, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"{name}: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
        results[name] = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"{'file':<11} " + "  ".join(f"{n:<34}" for n in names))
    for label, _, _ in FILES:
        cells = []
        for name in names:
            m = results[name][label]
            cells.append(f"{m['hit1']:.3f}/{m['hit3']:.3f}/{m['mrr']:.3f} ref {m['neg']:>5} {m['pos']:>6}")
        print(f"{label:<11} " + "  ".join(f"{c:<34}" for c in cells))
    for mode in ("lexical", "hybrid"):
        print(
            f"{'PolicyQA ' + mode[:3]:<11} " + "  ".join(f"nDCG@10 {results[n][f'policyqa-{mode}']:.4f}{'':<20}" for n in names)
        )
    print("(hit@1/hit@3/MRR; ref: unanswerable refused, answerable refused)")


if __name__ == "__main__":
    main()
