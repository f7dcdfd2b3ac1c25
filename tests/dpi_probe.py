"""Run by tests/test_ui_high_dpi.py in its own process (QT_SCALE_FACTOR is read at start):
open the editor on a real screen (Xvfb on Linux), load an example, save a screenshot and print
what the test checks as one JSON line.

    QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 1920x1080x24" python tests/dpi_probe.py OUT.png DATA_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QRect  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel  # noqa: E402

from desktop.ui.askers import ScriptedAsker  # noqa: E402

EXAMPLE = ROOT / "examples" / "party_thong_bao.json"


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def clipped_texts(window, widgets) -> list[str]:
    """Visible labels and buttons whose text does not fit their width, or that stick out of the window."""
    out = []
    frame = QRect(window.mapToGlobal(window.rect().topLeft()), window.size())
    for widget in widgets:
        if not widget.isVisible() or not widget.text().strip():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            fits = widget.heightForWidth(widget.width()) <= widget.height() + 1 if widget.width() else True
        else:
            fits = widget.minimumSizeHint().width() <= widget.width() + 1
        left = widget.mapToGlobal(widget.rect().topLeft()).x()
        inside = frame.left() <= left and left + widget.width() <= frame.right() + 1
        if not (fits and inside):
            out.append(f"{widget.text()!r} width {widget.width()} needs {widget.minimumSizeHint().width()}"
                       f"{'' if inside else ' (outside the window)'}")
    return out


def field_in_view(window, path: str) -> bool:
    """The field is on screen in the form's scrolling area, whole."""
    field = window.form.fields[path]
    viewport = window.form_scroll.viewport()
    rect = QRect(field.mapTo(viewport, field.rect().topLeft()), field.size())
    return viewport.rect().contains(rect)


def main(png: str, data_dir: str) -> int:
    from desktop.core.model import load_draft
    from desktop.ui.main_window import MainWindow

    app = QApplication(["vanban-dpi-probe"])
    window = MainWindow(data_dir=Path(data_dir), asker=ScriptedAsker())
    screen = app.primaryScreen()
    available = screen.availableGeometry()
    window.resize(min(1280, available.width()), min(720, available.height()))
    window.move(available.topLeft())
    window.show()
    settle(app)
    window.form.set_draft(load_draft(EXAMPLE))
    window.update_preview()
    settle(app)
    canvas = window.preview.canvas
    shot = window.grab()
    shot.save(png)
    canvas_shot = canvas.grab()
    form_labels = [w for w in window.form.findChildren(QLabel)]
    form_buttons = [w for w in window.form.findChildren(QAbstractButton)]
    frame = window.frameGeometry()
    print(json.dumps({
        "scale_env": float(__import__("os").environ.get("QT_SCALE_FACTOR", "1")),
        "screen_dpr": screen.devicePixelRatio(),
        "screen_logical": [available.width(), available.height()],
        "window_dpr": window.devicePixelRatioF(),
        "window_logical": [window.width(), window.height()],
        "window_inside_screen": available.contains(frame) or available.contains(window.geometry()),
        "shot_dpr": shot.devicePixelRatio(),
        "shot_pixels": [shot.width(), shot.height()],
        "canvas_dpr": canvas_shot.devicePixelRatio(),
        "canvas_pixels": [canvas_shot.width(), canvas_shot.height()],
        "canvas_logical": [canvas.width(), canvas.height()],
        "exact_dpi_at_100": (window.preview.set_zoom(1.0), window.preview.exact_dpi())[1],
        "canvas_visible": canvas.isVisible() and canvas.visibleRegion().boundingRect().width() > 200,
        "form_hscroll_max": window.form_scroll.horizontalScrollBar().maximum(),
        "form_labels": sum(1 for w in form_labels if w.isVisible()),
        "clipped": clipped_texts(window, form_labels + form_buttons),
        "first_field_visible": field_in_view(window, "issuer"),
    }, ensure_ascii=False))
    window.modified = False
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
