#!/usr/bin/env python3
"""Write the document-type parts of schemas/draft.schema.json from the rule data.

    .venv/bin/python tools/build_schema.py            # rewrite the schema's doc_type enum and if/then blocks
    .venv/bin/python tools/build_schema.py --check    # exit 1 if the committed schema is stale

The doc_type enum is every type of every rule set; per rule set, the if/then blocks say which
types require a Kính gửi, forbid one, forbid căn cứ, require the thẩm quyền ban hành or a second signer
(resources/rules/*.json "doc_types", through desktop.core.rules). A new type is a line of rule
data plus a rerun of this tool; tests/test_schema_enums.py fails while the schema is stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core.rules import RuleSet, available_rule_sets, load_rule_set  # noqa: E402
from desktop.resources import resource_path  # noqa: E402

SUMMARY_THEN = {"required": ["summary"], "properties": {"summary": {"minLength": 1, "pattern": "\\S"}}}
"""Every type but the giấy of Mẫu 1.8/1.10 has a trích yếu (B.2 ô 5a)."""
ENACTING_THEN = {"properties": {"enacting_authority": {"minLength": 1, "pattern": "\\S"}},
                 "required": ["enacting_authority"]}
CO_SIGNATURE_THEN = {"required": ["co_signature"], "properties": {"co_signature": {"$ref": "#/$defs/signature"}}}
"""A type that signs side by side (NĐ 30 Mẫu 1.9: thư ký and chủ tọa) needs its second signer."""


def _block(rule_set_id: str, types: set[str], then: dict[str, Any]) -> dict[str, Any]:
    return {"if": {"properties": {"rule_set": {"const": rule_set_id}, "doc_type": {"enum": sorted(types)}},
                   "required": ["rule_set", "doc_type"]},
            "then": then}


def type_blocks(rules: RuleSet) -> list[dict[str, Any]]:
    """The if/then blocks of one rule set, in the schema's order; a block with no type is left out."""
    types = rules.doc_types
    wanted = [
        ({k for k, d in types.items() if d.addressee == "required"},
         {"required": ["addressees"], "properties": {"addressees": {"minItems": 1}}}),
        ({k for k, d in types.items() if d.addressee == "none"}, {"properties": {"addressees": {"maxItems": 0}}}),
        ({k for k, d in types.items() if not d.legal_bases}, {"properties": {"legal_bases": {"maxItems": 0}}}),
        ({k for k, d in types.items() if d.enacting or d.sender_suffix}, ENACTING_THEN),
        ({k for k, d in types.items() if d.summary}, SUMMARY_THEN),
        ({k for k, d in types.items() if d.signatures == 2}, CO_SIGNATURE_THEN),
    ]
    return [_block(rules.id, keys, then) for keys, then in wanted if keys]


def _is_type_block(block: dict[str, Any]) -> bool:
    return "doc_type" in block.get("if", {}).get("properties", {})


def updated_schema(schema: dict[str, Any], rule_set_ids: tuple[str, ...]) -> dict[str, Any]:
    """``schema`` with its doc_type enum and per-type if/then blocks computed from the rules."""
    out = json.loads(json.dumps(schema))
    rule_sets = [load_rule_set(rid) for rid in rule_set_ids]
    out["properties"]["doc_type"]["enum"] = sorted({k for rules in rule_sets for k in rules.doc_types})
    summary = out["properties"]["summary"]  # its length and characters stay; required per type, below
    summary.pop("minLength", None)
    others = [block for block in out.get("allOf", []) if not _is_type_block(block)]
    out["allOf"] = [block for rules in rule_sets for block in type_blocks(rules)] + others
    return out


def render_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report whether the schema is stale")
    args = parser.parse_args(argv)
    path = resource_path("schemas", "draft.schema.json")
    current = path.read_text(encoding="utf-8")
    wanted = render_schema(updated_schema(json.loads(current), available_rule_sets()))
    if current == wanted:
        return 0
    if args.check:
        print(f"stale: {path}")
        return 1
    path.write_text(wanted, encoding="utf-8")
    print(f"wrote: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
