"""A 60 MB .docx opens in the editor without freezing it (issue #11).

Opening a .docx checks it and imports it, each in a process of its own started from a worker
thread: the window's event loop keeps answering (a 10 ms timer never waits 100 ms), the progress
bar shows the work, the import lands in the form, and memory stays bounded (the importing
process has an address-space limit; the window's own process stays small).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.core.model import load_draft
from desktop.core.render import render_to_file
from desktop.ui.workers import IMPORT_MEMORY_BYTES
from tests.conftest import EXAMPLES, ROOT

MEDIA_MB = 56
PARAGRAPHS = 500
WINDOW_PEAK_MB = 600
"""The window process's peak RSS bound while a 60 MB file is imported (observed: ~110 MB)."""


def big_docx(out: Path) -> Path:
    """A real rendered notice, its body grown by PARAGRAPHS paragraphs, with MEDIA_MB of pictures."""
    source = render_to_file(load_draft(EXAMPLES / "party_thong_bao.json"), out.with_name("nguon.docx"))
    with zipfile.ZipFile(source) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    paragraph = ('<w:p><w:r><w:t xml:space="preserve">- Nội dung thứ {} của văn bản dài: các đơn vị '
                 'báo cáo kết quả thực hiện, có dấu tiếng Việt đầy đủ.</w:t></w:r></w:p>')
    at = document.index("</w:p>", document.index("theo dõi")) + len("</w:p>")
    document = document[:at] + "".join(paragraph.format(i + 1) for i in range(PARAGRAPHS)) + document[at:]
    parts["word/document.xml"] = document.encode("utf-8")
    picture = b"\x89PNG\r\n\x1a\n" + os.urandom(1024 * 1024) * 8  # incompressible, stored as is
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
        for index in range(MEDIA_MB // 8):
            z.writestr(f"word/media/image{index + 1}.png", picture, compress_type=zipfile.ZIP_STORED)
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="peak RSS read through the resource module")
def test_a_60_mb_docx_opens_with_the_window_answering(tmp_path):
    docx = big_docx(tmp_path / "ke-hoach-lon.docx")
    assert docx.stat().st_size > 55 * 1024 * 1024
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, str(ROOT / "tests" / "responsive_import.py"), str(docx), str(tmp_path / "d")],
                         capture_output=True, text=True, env=env, cwd=str(ROOT), timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["topics"] == ["offer_import"], result
    assert result["issuer"] == "THÀNH ỦY" and result["paragraphs"] >= PARAGRAPHS
    assert result["modified"] and result["path"] is None  # a new, unsaved draft
    assert result["busy_seen"]  # the progress bar showed the work
    assert result["ticks"] > 10
    # the acceptance: the loop answered within 100 ms. The window's own work between two
    # answers always; the wall-clock gap too unless other programs keep every core busy (a loaded
    # CI runner delays any process, whatever it does)
    assert result["max_gui_cpu_ms"] < 100, result
    if os.getloadavg()[0] < (os.cpu_count() or 1):
        assert result["max_gap_ms"] < 100, result
    assert result["peak_rss_mb"] < WINDOW_PEAK_MB, result
    assert result["child_peak_rss_mb"] * 1024 * 1024 < IMPORT_MEMORY_BYTES, result
