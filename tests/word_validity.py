"""What the Word-validity tests validate: every kind of .docx the product writes, built here."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from desktop.core.model import CopyBlock, Draft, Recipients, Signature, load_draft
from desktop.core.rules import available_rule_sets, load_rule_set
from desktop.core.schema import validate_draft
from tests import render_helpers
from tests.conftest import EXAMPLES, ROOT, SEEDS, SHARED

TEMPLATES = sorted((ROOT / "templates_docx").glob("*/*.docx"))
REAL_DOCX = sorted((SHARED / "real-docx").glob("*.docx"))
SEED_TEXTS = sorted(SEEDS.glob("*.txt"))
COPY_KINDS = ("sao_y", "sao_luc", "trich_sao")


def example_drafts() -> list[Path]:
    """Every draft in examples/ (complete or not: the editor exports both)."""
    out = []
    for path in sorted(EXAMPLES.glob("*.json")):
        try:
            load_draft(path)
        except Exception:  # profiles or other JSON that is not a draft
            continue
        out.append(path)
    return out


def is_complete(path: Path) -> bool:
    return not any(p.severity == "error" for p in validate_draft(load_draft(path)))


def with_copy(draft: Draft, kind: str) -> Draft:
    """The draft with a copy block of ``kind`` under it (spec B.1/B.2 copies)."""
    draft = copy.deepcopy(draft)
    draft.copy = CopyBlock(kind=kind, superior="Thành ủy Hà Nội", issuer="Văn phòng", number="129",
                           agency_code="VPTU", place="Hà Nội", date="2021-08-30",
                           signature=Signature(mode="by_order", whom="Ban Thường vụ", position="Chánh Văn phòng",
                                               name="Nguyễn Văn B"),
                           recipients=Recipients(others=["Các quận ủy"], archive="Văn phòng Thành ủy"))
    return draft


def variants() -> dict[str, Callable[[], Draft]]:
    """Every doc type of every rule set, each with a copy block of each kind in turn and one attachment
    of another type; plus the render tests' samples (attachments, copy block, every optional part)."""
    out: dict[str, Callable[[], Draft]] = {f"sample-{name}": make for name, make in render_helpers.SAMPLES.items()}
    index = 0
    for rule_set in available_rule_sets():
        doc_types = list(load_rule_set(rule_set).doc_types)
        for doc_type in doc_types:
            kind = COPY_KINDS[index % len(COPY_KINDS)]
            attached = doc_types[(doc_types.index(doc_type) + 1) % len(doc_types)]
            index += 1

            def make(rule_set=rule_set, doc_type=doc_type, kind=kind, attached=attached) -> Draft:
                main = render_helpers.for_rule_set(render_helpers.party_thong_bao(), rule_set, doc_type)
                annex = render_helpers.for_rule_set(render_helpers.state_cong_van(), rule_set, attached)
                main.attachments = [annex]
                return with_copy(main, kind)

            out[f"{rule_set}-{doc_type}-{kind}-with-{attached}"] = make
    return out
