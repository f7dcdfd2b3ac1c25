"""Timing of validate_draft (not a test: run `.venv/bin/python -m pytest bench/bench_validate.py`)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.model import load_draft
from desktop.core.schema import validate_draft

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_bench_validate_complete_data(benchmark):
    data = json.loads((EXAMPLES / "state_quyet_dinh.json").read_text(encoding="utf-8"))
    assert benchmark(validate_draft, data) == []


def test_bench_validate_long_seed_model(benchmark):
    draft = load_draft(EXAMPLES / "seed_001_thong_bao_bcd.json")
    assert benchmark(validate_draft, draft)
