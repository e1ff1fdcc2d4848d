"""Calibrate abstention (``search.min_evidence``) on answerable and unanswerable questions.

Answerable: the DTZ dev questions that have an answer (on the DTZ knowledge base) and the 500
PolicyQA questions on their own answer pages. Unanswerable: the same 500 PolicyQA questions
(real Dutch questions about taxes, passports, benefits ...) on the DTZ knowledge base, plus the
dev questions marked ``none``. Prints the evidence distribution of each group and, per
threshold, the share of unanswerable questions abstained and of answerable ones wrongly abstained.

    python bench/calibrate.py            # needs bench/quality.py's scratch index (built on first run)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quality import prepare  # noqa: E402
from index import Library, load_config  # noqa: E402
from index.evaluate import load_cases  # noqa: E402


def main() -> None:
    """Run the calibration."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policyqa", type=Path, default=ROOT.parent / "shared" / "external" / "policyqa")
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "dev-questions.yaml")
    ap.add_argument("--work", type=Path, default=Path("/tmp/dtzbot-bench-policyqa"))
    args = ap.parse_args()

    base = load_config(ROOT / "config.yaml")
    dtz = Library(base.with_paths(index_dir=args.work / "dtz-data"))
    dtz.update()
    pq_cfg = base.with_paths(args.work / "knowledge", args.work / "data")
    prepare(args.policyqa, pq_cfg.knowledge_dir)
    pq = Library(pq_cfg)
    pq.update()

    questions = [json.loads(x)["text"] for x in (args.policyqa / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    cases = load_cases(args.dev)
    dtz_pos = np.array([dtz.ask(c.question).evidence for c in cases if not c.unanswerable])
    pq_pos = np.array([pq.ask(q).evidence for q in questions])
    neg = np.array([dtz.ask(q).evidence for q in questions] + [dtz.ask(c.question).evidence for c in cases if c.unanswerable])

    def pct(values: np.ndarray, ps: list[int]) -> str:
        return "  ".join(f"p{p} {np.percentile(values, p):.3f}" for p in ps)

    print(f"answerable DTZ dev ({len(dtz_pos)}):   min {dtz_pos.min():.3f}  {pct(dtz_pos, [10, 50])}")
    print(f"answerable PolicyQA ({len(pq_pos)}):  min {pq_pos.min():.3f}  {pct(pq_pos, [1, 5, 50])}")
    print(f"unanswerable ({len(neg)}):        {pct(neg, [50, 90, 95, 98, 99])}  max {neg.max():.3f}")
    print("\nthreshold  abstained(unanswerable)  false-abstain(DTZ)  false-abstain(PolicyQA)")
    for th in np.arange(0.36, 0.58, 0.02):
        print(
            f"  {th:.2f}      {np.mean(neg < th):.4f}                 {np.mean(dtz_pos < th):.4f}              {np.mean(pq_pos < th):.4f}"
        )
    th = base.search.min_evidence
    print(
        f"\nconfigured search.min_evidence = {th}: abstained {np.mean(neg < th):.4f} of unanswerable, "
        f"false-abstain {np.mean(dtz_pos < th):.4f} (DTZ) and {np.mean(pq_pos < th):.4f} (PolicyQA)"
    )


if __name__ == "__main__":
    main()
