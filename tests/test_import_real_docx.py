"""`vanban import` of real offices' Word files (tests/data/shared/real-docx): the draft holds what the
checker finds in the same file, and no text of the body is lost (issues #11, #16).

The importer reads a file it did not render with the checker's own detection (detect.py ``Detected``),
so the issuer, number, date, trích yếu, signer and recipients of the draft are the parts
``check_file(...).documents[0].parts`` reports, compared here in their printed form, normalised.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core import compute
from desktop.core.check import check_file
from desktop.core.check.detect import detect
from desktop.core.check.importer import parse_date_line, recipient_item
from desktop.core.check.lines import split_lines
from desktop.core.check.normalize import key
from desktop.core.check.reader import open_source
from desktop.core.check.report import DocumentReport
from desktop.core.check.segment import segment
from desktop.core.check.stamp import stamp_positions
from desktop.core.model import Draft, load_draft
from desktop.core.rules import load_rule_set
from desktop.core.schema import validate_draft
from tests.conftest import SHARED

REAL = SHARED / "real-docx"
NAMES = sorted(p.stem for p in REAL.glob("*.docx"))


@cache
def checked(name: str) -> DocumentReport:
    return check_file(REAL / f"{name}.docx").documents[0]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("imported")
    done: dict[str, Draft] = {}

    def run(name: str) -> Draft:
        if name not in done:
            out = folder / f"{name}.json"
            assert main(["import", str(REAL / f"{name}.docx"), "-o", str(out)]) == 0
            done[name] = load_draft(out)
        return done[name]

    return run


def squeeze(text: str) -> str:
    """Compared as printed: matching key, no spaces, no end punctuation."""
    return re.sub(r"\s+", "", key(text)).strip(".,;:")


def test_every_real_file_is_in_the_set():
    assert len(NAMES) == 15


@pytest.mark.parametrize("name", NAMES)
def test_the_imported_draft_loads_and_validates_without_shape_or_character_errors(name: str, imported):
    """(a) A draft the editor opens: no schema problem of shape, length or character class (no tab in a
    name); a part the file lacks (an empty Lưu) is the clerk's to fill, not a defect of the import."""
    draft = imported(name)
    shape = [p for p in validate_draft(draft) if p.code.startswith("schema.") and p.code != "schema.minLength"]
    assert shape == [], [(p.field, p.message) for p in shape]
    names = [draft.superior, draft.issuer, draft.signature.whom, draft.signature.position, draft.signature.name,
             draft.place]
    assert not any("\t" in text for text in names)


@pytest.mark.parametrize("name", NAMES)
def test_the_draft_holds_the_parts_the_checker_found(name: str, imported):
    """(b) Issuer, number, date, trích yếu, signer and recipients are what `vanban check` reports."""
    draft, parts = imported(name), checked(name).parts
    rules = load_rule_set(draft.rule_set)
    agency = " ".join(line for line in [*draft.superior.split("\n"), *draft.issuer.split("\n")] if line.strip())
    assert squeeze(agency) == squeeze(parts["issuer"].text.replace(" / ", " "))
    if parts["number"].found:
        printed = re.sub(r"^Số\s*:?", "", parts["number"].text)
        code = compute.document_code(draft, rules)
        assert squeeze(re.sub(r"[\s.…_]", "", printed)) == squeeze(f"{draft.number}/{code}")
    if parts["place_date"].found:
        place, date = parse_date_line(parts["place_date"].text) or ("?", "?")
        assert (squeeze(draft.place), draft.date) == (squeeze(place), date)
    if parts["summary"].found:
        summary = parts["summary"].text
        # 'GIẤY MỜI HỌP': the compound title is the type (the rules print 'GIẤY MỜI'); the trích yếu is the
        # line under it, as the checker reads it
        for prefix in rules.letter["summary_prefixes"]:
            summary = summary[len(prefix):] if summary.startswith(prefix) and rules.doc_type(draft.doc_type).letter \
                else summary
        assert squeeze(draft.summary.replace("\n", " ")) == squeeze(summary.replace(" / ", " "))
    sig = draft.signature
    assert squeeze(" ".join(compute.signature_lines(sig, rules))) == \
        squeeze(parts["signature_authority"].text.replace(" / ", " "))
    assert squeeze(sig.position.replace("\n", " ")) == squeeze(parts["signer_title"].text.replace(" / ", " "))
    assert squeeze(sig.name) == squeeze(parts["signer_name"].text)
    if parts["recipients"].found and " / " in parts["recipients"].text:
        first = parts["recipients"].text.split(" / ", 1)[1]
        letter = rules.doc_type(draft.doc_type).letter and bool(draft.addressees)
        lines = compute.recipient_lines(draft.recipients, rules, letter_with_addressees=letter)
        assert squeeze(recipient_item(lines[1].text, rules)) == squeeze(recipient_item(first, rules))


def _draft_text(draft: Draft) -> str:
    """Every text the draft holds (a paragraph's runs joined as printed), one matching-key string."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict) and "runs" in value:
            out.append("".join(run["text"] for run in value["runs"]))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            out.append(value)

    walk(draft.to_dict())
    return _flat("\n".join(out))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", key(text)).strip().rstrip(";.,:")


LABEL = re.compile(r"^(?:Điều\s+\d+\s*(?:[.:]|[-–](?!\d))|[IVXLCDM]+\s*[-.]|\d+\s*[.-]|[a-zđ]{1,2}\)|[-+•]"
                   r"|(?:Chương|Mục)\s+(?:[IVXLCDM]+|\d+)\s*\.?\s*$)\s*")
"""The label the rules print before a body paragraph (heading numbers, Điều n. — typed 'Điều n:' too —,
dashes; the 'Chương I' and 'Mục 1' lines of a text issued with a quyết định, NĐ 30 Mẫu 1.3): not stored."""


@pytest.mark.parametrize("name", NAMES)
def test_every_body_paragraph_of_the_file_is_kept(name: str, imported):
    """(c) Every line the checker reads as body text (of every document in the file) is, word for word,
    in the draft (its label aside); only the 'QUYẾT ĐỊNH:' the rules print may go."""
    draft = imported(name)
    rules = load_rule_set(draft.rule_set)
    held = _draft_text(draft)
    lines = split_lines(list(open_source(Path(REAL / f"{name}.docx")).blocks))
    stamp = stamp_positions(lines)
    kept = [line for line in lines if line.pos not in stamp and not line.blank]
    body = [line for part_lines in segment(kept) for line in detect(part_lines).body]
    assert body
    decide = _flat(rules.enacting["decide_line"])
    lost = [line.text[:70] for line in body
            if (text := _flat(LABEL.sub("", line.text))) and text not in held and text != decide]
    assert lost == []


def test_tab_laid_columns_give_the_issuer_the_signer_and_the_archive(imported):
    """o03, a converted .doc laid out with tabs ('ỦY BAN NHÂN DÂN⇥CỘNG HÒA…', 'Nơi nhận:⇥TM. UỶ BAN NHÂN DÂN'):
    the columns are separated as the checker separates them; 'Lưu VT.' (no colon) is still the Lưu line."""
    draft = imported("o03-ubnd-binhduong-ct-09-2009")
    assert (draft.superior, draft.issuer) == ("ỦY BAN NHÂN DÂN", "TỈNH BÌNH DƯƠNG")
    assert (draft.number, draft.place, draft.date) == ("09", "Thủ Dầu Một", "2009-04-15")
    sig = draft.signature
    assert (sig.mode, sig.whom, sig.deputy_whom, sig.position, sig.name) == (
        "on_behalf_deputy", "UỶ BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Hiệp")
    rules = load_rule_set(draft.rule_set)
    assert compute.recipient_lines(draft.recipients, rules)[-1].text == "- Lưu: VT."
    assert not any("Lưu" in item for item in draft.recipients.others)


def test_a_table_in_the_body_is_not_taken_for_the_signer(imported):
    """s19 has no signature block and ends in a table: its cells stay in the body (a table block), the
    signer stays empty."""
    draft = imported("s19-vp-ubnd-bao-cao")
    sig = draft.signature
    assert (sig.mode, sig.whom, sig.position, sig.name) == ("own", "", "", "")
    # the table stands in Phụ lục 3: its rows are that phụ lục's body (spec B.2 Phụ lục)
    appendix_body = draft.appendices[2].body
    cells = [cell for p in appendix_body if p.table is not None for row in p.table.rows for cell in row]
    assert any(text.startswith("Ngân sách nhà nước") for text in cells + [p.text for p in appendix_body])


@pytest.mark.parametrize("name", [n for n in NAMES if "-qd-" in n])
def test_a_decision_gives_its_enacting_authority_and_legal_bases(name: str, imported):
    """NĐ 30 Mẫu 1.2: the thẩm quyền line under the trích yếu and the 'Căn cứ …' / 'Theo đề nghị …' lines
    above the first article go to their own fields (the rules print their ';' and '.'), not to the body."""
    draft = imported(name)
    assert draft.doc_type == "quyet_dinh"
    assert draft.enacting_authority and draft.enacting_authority == compute.upper(draft.enacting_authority)
    assert len(draft.legal_bases) >= 3
    assert all(re.match(r"(Căn cứ|Theo đề nghị|Xét đề nghị) ", basis) for basis in draft.legal_bases)
    assert not any(p.text.startswith("Căn cứ") for p in draft.body[:3])
