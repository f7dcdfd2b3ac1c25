"""One translation point: every message key used in the code exists, in Vietnamese."""

from __future__ import annotations

import re

from desktop.core.i18n import catalog, tr
from tests.conftest import ROOT

KEY_CALL = re.compile(
    r"""\b(?:tr|VanBanError|UnreadableInputError|OutputError|FileLockedError|OfficeError)"""
    r"""\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']"""
)


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        keys.update(KEY_CALL.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_literal_key_in_the_code_has_a_message():
    missing = sorted(key for key in used_keys() if key not in catalog())
    assert missing == []


def test_catalog_is_vietnamese_text():
    vietnamese = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)
    texts = list(catalog().values())
    assert len(texts) > 20
    share = sum(bool(vietnamese.search(t)) for t in texts) / len(texts)
    assert share > 0.8


def test_missing_parameters_never_crash():
    assert "{path}" in tr("file.not_found")


def test_dates_and_times_in_messages_are_written_the_vietnamese_way():
    import datetime as dt

    assert tr("ui.recover.item", saved_at=dt.datetime(2026, 11, 23, 9, 5), source="a.json") == (
        "Lưu tự động lúc 09:05 ngày 23/11/2026 — a.json"
    )
    message = tr("validate.rule.date_future", label="Ngày ban hành", date=dt.date(2028, 2, 5))
    assert "(05/02/2028)" in message and "2028-02-05" not in message


def test_counts_use_vietnamese_grouping_and_decimal_comma():
    from desktop.core.i18n import format_number

    assert format_number(1000) == "1.000"
    assert format_number(1234567.5) == "1.234.567,5"
    assert format_number(7) == "7"
