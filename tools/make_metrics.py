"""Build resources/metrics/times.json: advance widths of Times New Roman glyphs.

Measured on Liberation Serif (metric-compatible with Times New Roman) with Qt, in units of
1/1000 em, for every character of Vietnamese text plus ASCII. The core reads the table to
size drawn rules (1/3–1/2 of a text's width, spec B.2) without importing Qt.
Run: QT_QPA_PLATFORM=offscreen python tools/make_metrics.py
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF
from PySide6.QtWidgets import QApplication

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]


def characters() -> list[str]:
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for base in VIETNAMESE + "fjwz":
        for tone in TONES:
            ch = unicodedata.normalize("NFC", base + tone)
            chars.update({ch, ch.upper()})
    chars.update("–—…“”‘’«»•·°№§")
    return sorted(c for c in chars if len(c) == 1)


def main() -> int:
    app = QApplication(sys.argv)  # noqa: F841 - fonts need an application
    family = "Liberation Serif"
    if family not in QFontDatabase.families():
        print("Liberation Serif is not installed (apt install fonts-liberation2)", file=sys.stderr)
        return 1
    table: dict[str, dict[str, float]] = {}
    for style, (bold, italic) in {"regular": (False, False), "bold": (True, False),
                                  "italic": (False, True), "bold_italic": (True, True)}.items():
        font = QFont(family)
        font.setPixelSize(1000)
        font.setBold(bold)
        font.setItalic(italic)
        metrics = QFontMetricsF(font)
        table[style] = {ch: round(metrics.horizontalAdvance(ch), 1) for ch in characters()}
    out = Path(__file__).resolve().parent.parent / "resources" / "metrics" / "times.json"
    out.write_text(json.dumps({"font": "Times New Roman (measured on Liberation Serif)", "units_per_em": 1000,
                               "widths": table}, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
