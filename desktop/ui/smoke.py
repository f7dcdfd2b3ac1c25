"""Build smoke test of the bundled editor: quit after the first paint (desktop/frozen_main.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


def install_smoke_exit(report: Callable[[], str], timeout_s: float, no_paint_exit: int) -> None:
    """Quit the editor after its first paint, printing ``report()`` on stderr, or exit
    ``no_paint_exit`` when nothing was painted within ``timeout_s`` seconds.

    The QApplication is created here, before the editor's own ``main``, which reuses
    ``QApplication.instance()``. After the first paint the event loops are asked to exit every
    50 ms, so a first-run prompt (a nested loop) and then the main loop both end.
    """
    app = QApplication.instance() or QApplication(sys.argv)

    class QuitAfterFirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(app)
            self.painted = False
            self.quitter = QTimer(self)
            self.quitter.setInterval(50)
            self.quitter.timeout.connect(lambda: app.exit(0))

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                if sys.stderr is not None:
                    print(report(), file=sys.stderr, flush=True)
                self.quitter.start()
            return False

    quit_filter = QuitAfterFirstPaint()
    app.installEventFilter(quit_filter)
    QTimer.singleShot(int(timeout_s * 1000), lambda: None if quit_filter.painted else app.exit(no_paint_exit))
