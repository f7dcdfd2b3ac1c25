"""High-DPI screens (Windows at 125 % and 150 %): the editor on a real display server (Xvfb on
Linux, the desktop on Windows CI) with QT_SCALE_FACTOR 1.25 and 1.5, screenshot saved.

The preview paints at the screen's device pixel ratio (a grab of the page has 1.25 or 1.5 device
pixels per logical pixel, so text and rules stay sharp); the "as printed" pages are asked for at
the matching resolution; the window fits the screen (1920×1080 at 150 % is 1280×720 logical);
the form needs no sideways scrolling; every visible label and button shows its whole text.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import ROOT

PROBE = ROOT / "tests" / "dpi_probe.py"


def probe(scale: float, folder: Path) -> tuple[dict, Path]:
    png = folder / f"editor-{round(scale * 100)}pct.png"
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.update(QT_SCALE_FACTOR=str(scale), PYTHONPATH=str(ROOT), PYTHONUTF8="1")
    command = [sys.executable, str(PROBE), str(png), str(folder / f"data-{scale}")]
    if sys.platform == "win32":
        env["QT_QPA_PLATFORM"] = "windows"
    else:
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            if os.environ.get("CI"):
                pytest.fail("xvfb-run is required on CI (tasks.py installs xvfb)")
            pytest.skip("xvfb-run not installed")
        env["QT_QPA_PLATFORM"] = "xcb"
        command = [xvfb, "-a", "-s", "-screen 0 1920x1080x24", *command]
    result = subprocess.run(command, env=env, capture_output=True, text=True, encoding="utf-8", timeout=180,
                            check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0 and lines, result.stdout + result.stderr
    return json.loads(lines[-1]), png


@pytest.mark.parametrize("scale", [1.25, 1.5])
def test_editor_at_high_dpi_is_sharp_and_usable(tmp_path, scale):
    info, png = probe(scale, tmp_path)
    assert info["screen_dpr"] == pytest.approx(scale)
    assert info["window_dpr"] == pytest.approx(scale)
    # the preview paints in device pixels: sharp, not a 96-dpi image blown up
    assert info["canvas_dpr"] == pytest.approx(scale)
    width, height = info["canvas_logical"]
    assert info["canvas_pixels"] == [pytest.approx(width * scale, abs=1), pytest.approx(height * scale, abs=1)]
    assert info["canvas_visible"]
    assert info["exact_dpi_at_100"] == round(96 * scale)
    # usable: the window fits, the form needs no sideways scroll, no text is cut
    assert info["window_inside_screen"]
    assert info["form_hscroll_max"] == 0
    assert info["form_labels"] >= 20 and info["clipped"] == []
    assert info["first_field_visible"]
    # the screenshot is the window in device pixels, and not blank
    image = QImage(str(png))
    assert (image.width(), image.height()) == tuple(info["shot_pixels"])
    assert image.width() == pytest.approx(info["window_logical"][0] * scale, abs=1)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 37)}
    assert len(colours) > 20
