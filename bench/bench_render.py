#!/usr/bin/env python3
"""Render speed: VănBản's render_bytes() against a bare docxtpl render of the same template.

    .venv/bin/python bench/bench_render.py [--iterations 200] [--write bench/render.md]

"bare" = DocxTemplate(BytesIO(template)) + render(minimal context, autoescape=True) + save to
BytesIO, with no context building and no post-processing: the floor for a docxtpl renderer.
Figures: median of one render over many interleaved iterations, and the wall time of 100
renders in a row (best of 3 blocks).
"""

from __future__ import annotations

import argparse
import io
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from docxtpl import DocxTemplate  # noqa: E402
from jinja2 import Environment  # noqa: E402
from render_helpers import party_thong_bao, state_cong_van  # noqa: E402

from desktop.core import render  # noqa: E402

MINIMAL_DOC = {key: "" for key in (
    "superior", "issuer", "number_line", "date_line", "summary", "letter_summary", "addressee_text",
    "closing", "secrecy", "urgency", "circulation", "draft_marker", "contact", "typist_line",
    "signer_title", "signer_name", "report_note", "archive_line")}
MINIMAL_DOC.update({key: [] for key in ("legal_bases", "authority_lines", "lead_lines", "report_lines",
                                         "recipient_lines")})


BARE_ENV = Environment(autoescape=True)


def bare_render(template: bytes, context: dict) -> bytes:
    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render(context, jinja_env=BARE_ENV, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def measure(ours, bare, iterations: int, rounds: int = 3) -> tuple[tuple[float, float], tuple[float, float]]:
    """((median ms, best seconds per 100) for ours, the same for bare).

    The two are interleaved call by call (and 100-render blocks alternate), so load from other
    processes on a shared machine hits both alike.
    """
    for _ in range(5):
        ours()
        bare()
    samples: dict[str, list[float]] = {"ours": [], "bare": []}
    for index in range(iterations):
        pair = (("ours", ours), ("bare", bare)) if index % 2 else (("bare", bare), ("ours", ours))
        for name, fn in pair:
            start = time.perf_counter()
            fn()
            samples[name].append((time.perf_counter() - start) * 1000)
    blocks: dict[str, list[float]] = {"ours": [], "bare": []}
    for _ in range(rounds):
        for name, fn in (("ours", ours), ("bare", bare)):
            start = time.perf_counter()
            for _ in range(100):
                fn()
            blocks[name].append(time.perf_counter() - start)
    return tuple((statistics.median(samples[n]), min(blocks[n])) for n in ("ours", "bare"))  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--write", type=Path, default=None, help="write the table as Markdown here")
    args = parser.parse_args(argv)
    rows = []
    for label, make in (("party_hd36 / thong_bao", party_thong_bao), ("state_nd30 / cong_van", state_cong_van)):
        draft = make()
        form = render.load_rule_set(draft.rule_set).doc_type(draft.doc_type).form
        template = render.template_bytes(draft.rule_set, form)
        minimal = {"doc": MINIMAL_DOC, "body": [], "copy": None}
        ours, bare = measure(lambda d=draft: render.render_bytes(d),
                             lambda t=template, c=minimal: bare_render(t, c), args.iterations)
        rows.append((label, ours, bare))
    lines = [
        f"Machine: {platform.machine()}, Python {platform.python_version()}, {platform.system()}; "
        f"{args.iterations} interleaved timed renders each after 5 warm-ups; "
        "'100 renders' is the best of 3 alternating blocks.",
        "",
        "| template | render_bytes median (ms) | 100 renders (s) | bare docxtpl median (ms) | bare 100 (s) | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for label, (ours_ms, ours_100), (bare_ms, bare_100) in rows:
        lines.append(f"| {label} | {ours_ms:.1f} | {ours_100:.2f} | {bare_ms:.1f} | {bare_100:.2f} | "
                     f"{ours_ms / bare_ms:.2f}× |")
    text = "\n".join(lines)
    print(text)
    if args.write:
        args.write.write_text(args.write.read_text(encoding="utf-8").split("<!-- figures -->")[0]
                              + "<!-- figures -->\n" + text + "\n" if args.write.exists() else text + "\n",
                              encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
