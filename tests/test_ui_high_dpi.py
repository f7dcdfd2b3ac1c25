"""High-DPI screens (Windows at 125 % and 150 %): the editor on a real display server (Xvfb on
Linux, the desktop on Windows CI) with QT_SCALE_FACTOR 1.25 and 1.5, screenshot saved.

The preview paints at the screen's device pixel ratio (a grab of the page has 1.25 or 1.5 device
pixels per logical pixel, so text and rules stay sharp); the "as printed" pages are asked for at
the matching resolution; the window fits the screen (1920×1080 at 150 % is 1280×720 logical);
the form needs no sideways scrolling; every visible label and button shows its whole text — on a
Full HD screen at both scales and on the common 1366×768 office laptop at 125 %. (Windows CI has no
screen of that size, so there the probe runs on Qt's offscreen platform with a virtual screen.)
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


def probe(scale: float, folder: Path, screen: tuple[int, int] = (1920, 1080)) -> tuple[dict, Path]:
    """Run tests/dpi_probe.py on a ``screen``-sized display at ``scale``; its report and screenshot."""
    png = folder / f"editor-{screen[0]}x{screen[1]}-{round(scale * 100)}pct.png"
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.update(QT_SCALE_FACTOR=str(scale), PYTHONPATH=str(ROOT), PYTHONUTF8="1")
    command = [sys.executable, str(PROBE), str(png), str(folder / f"data-{scale}")]
    if sys.platform == "win32":
        # GitHub's Windows runners have a 1024×768 desktop: a virtual screen of the wanted size instead
        config = folder / "screen.json"
        config.write_text(json.dumps({"screens": [{"name": "probe", "x": 0, "y": 0, "width": screen[0],
                                                   "height": screen[1], "logicalDpi": 96, "logicalBaseDpi": 96,
                                                   "dpr": 1}]}), encoding="utf-8")
        env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config.name}"  # relative: "C:" would split the spec
    else:
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            if os.environ.get("CI"):
                pytest.fail("xvfb-run is required on CI (tasks.py installs xvfb)")
            pytest.skip("xvfb-run not installed")
        env["QT_QPA_PLATFORM"] = "xcb"
        command = [xvfb, "-a", "-s", f"-screen 0 {screen[0]}x{screen[1]}x24", *command]
    result = subprocess.run(command, env=env, cwd=folder, capture_output=True, text=True, encoding="utf-8", timeout=180,
                            check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0 and lines, result.stdout + result.stderr
    return json.loads(lines[-1]), png


@pytest.mark.parametrize(("screen", "scale"), [((1920, 1080), 1.25), ((1920, 1080), 1.5), ((1366, 768), 1.25)],
                         ids=["1920x1080-125", "1920x1080-150", "1366x768-125"])
def test_editor_at_high_dpi_is_sharp_and_usable(tmp_path, screen, scale):
    info, png = probe(scale, tmp_path, screen)
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
