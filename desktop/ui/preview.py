"""Live page preview: A4 pages drawn with QPainter from :mod:`desktop.core.layout`.

Text is painted in Times New Roman, or its metric twin Liberation Serif, at the sizes
and styles the layout model gives (read from the rule set), so the preview shows the
same line breaks as the exported document. "As printed" mode shows PNG pages that
LibreOffice rendered from the real .docx (produced in a worker thread).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import tr
from desktop.core.layout import PageLayout

SERIF_FALLBACKS = ("Times New Roman", "Liberation Serif", "Tinos", "Nimbus Roman", "serif")
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
PAGE_GAP = 16.0  # px around the page
SCREEN_DPI = 96.0


@cache
def serif_family(wanted: str = "Times New Roman") -> str:
    """The rule set's font when installed, else the first metric-compatible fallback."""
    families = set(QFontDatabase.families())
    for name in (wanted, *SERIF_FALLBACKS):
        if name in families:
            return name
    return "serif"


def brace_path(left: float, right: float, top: float, bottom: float) -> QPainterPath:
    """A right brace "}" in the box (left, top)–(right, bottom): rounded ends, a point at mid-height
    (the shape render.py draws in the .docx, DrawingML rightBrace)."""
    mid_x, mid_y, curl = (left + right) / 2, (top + bottom) / 2, min(right - left, (bottom - top) / 4)
    path = QPainterPath(QPointF(left, top))
    path.quadTo(QPointF(mid_x, top), QPointF(mid_x, top + curl))
    path.lineTo(QPointF(mid_x, mid_y - curl))
    path.quadTo(QPointF(mid_x, mid_y), QPointF(right, mid_y))
    path.quadTo(QPointF(mid_x, mid_y), QPointF(mid_x, mid_y + curl))
    path.lineTo(QPointF(mid_x, bottom - curl))
    path.quadTo(QPointF(mid_x, bottom), QPointF(left, bottom))
    return path


class PageCanvas(QWidget):
    """Paints one page of a layout (or one PNG of the exact view) at a zoom factor."""

    field_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_model: PageLayout | None = None
        self.page_index = 0
        self.zoom = 1.0
        self.exact_page: QPixmap | None = None
        self._fonts: dict[tuple, QFont] = {}
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # geometry --------------------------------------------------------------------------
    @property
    def px_per_pt(self) -> float:
        return self.zoom * SCREEN_DPI / 72.0

    def page_size_pt(self) -> tuple[float, float]:
        if self.layout_model is None:
            return 595.3, 841.9
        return self.layout_model.width, self.layout_model.height

    def sizeHint(self) -> QSize:
        w, h = self.page_size_pt()
        return QSize(int(w * self.px_per_pt + 2 * PAGE_GAP), int(h * self.px_per_pt + 2 * PAGE_GAP))

    def refresh_size(self) -> None:
        self.setFixedSize(self.sizeHint())
        self.update()

    def font_for(self, family: str, size: float, bold: bool, italic: bool, underline: bool) -> QFont:
        key = (family, size, bold, italic, underline)
        font = self._fonts.get(key)
        if font is None:
            font = QFont(family)
            font.setPixelSize(max(1, round(size)))  # painter units are points (see paintEvent)
            font.setBold(bold)
            font.setItalic(italic)
            font.setUnderline(underline)
            font.setKerning(False)
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            self._fonts[key] = font
        return font

    # painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#8a8f98"))
        w, h = self.page_size_pt()
        scale = self.px_per_pt
        page_rect = QRectF(PAGE_GAP, PAGE_GAP, w * scale, h * scale)
        painter.fillRect(page_rect.translated(3, 3), QColor(0, 0, 0, 60))
        painter.fillRect(page_rect, Qt.GlobalColor.white)
        if self.exact_page is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(page_rect, self.exact_page, QRectF(self.exact_page.rect()))
            return
        if self.layout_model is None or not self.layout_model.pages:
            return
        page = self.layout_model.pages[min(self.page_index, len(self.layout_model.pages) - 1)]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.translate(PAGE_GAP, PAGE_GAP)
        painter.scale(scale, scale)
        painter.setPen(QPen(Qt.GlobalColor.black, 0.6))
        for rule in page.rules:
            if rule.shape == "brace" and rule.y2 is not None:
                painter.drawPath(brace_path(rule.x1, rule.x2, rule.y, rule.y2))
            else:
                painter.drawLine(QPointF(rule.x1, rule.y), QPointF(rule.x2, rule.y if rule.y2 is None else rule.y2))
        family = serif_family(self.layout_model.font_name)
        for line in page.lines:
            for span in line.spans:
                painter.setFont(self.font_for(family, line.size, span.bold, span.italic, span.underline))
                painter.drawText(QPointF(span.x, line.y), span.text)

    # clicks → fields -------------------------------------------------------------------
    def field_at(self, x_px: float, y_px: float) -> str | None:
        if self.layout_model is None or self.exact_page is not None or not self.layout_model.pages:
            return None
        scale = self.px_per_pt
        x, y = (x_px - PAGE_GAP) / scale, (y_px - PAGE_GAP) / scale
        page = self.layout_model.pages[min(self.page_index, len(self.layout_model.pages) - 1)]
        for line in page.lines:
            if line.top <= y <= line.top + line.size * 1.15 and line.left - 2 <= x <= line.right + 2:
                return line.field
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self.field_at(event.position().x(), event.position().y())
        if found:
            self.field_clicked.emit(found)
        super().mousePressEvent(event)


class PreviewPane(QWidget):
    """The preview beside the form: toolbar (zoom, pages, as-printed) over a scrolling page."""

    exact_requested = Signal()
    field_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = PageCanvas()
        self.canvas.field_clicked.connect(self.field_clicked)
        self.exact_pages: list[QPixmap] = []
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.canvas)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setBackgroundRole(self.scroll.backgroundRole())
        self.scroll.setStyleSheet("QScrollArea { background: #8a8f98; }")

        self.zoom_box = QComboBox()
        for z in ZOOMS:
            self.zoom_box.addItem(f"{round(z * 100)} %", z)
        self.zoom_box.setToolTip(tr("ui.preview.zoom"))
        self.zoom_box.currentIndexChanged.connect(lambda _i: self.set_zoom(self.zoom_box.currentData()))
        self.prev_button = self._tool("ui.preview.prev", "◀", lambda: self.go_page(-1))
        self.next_button = self._tool("ui.preview.next", "▶", lambda: self.go_page(+1))
        self.page_label = QLabel()
        self.exact_button = self._tool("ui.preview.exact", tr("ui.preview.exact_button"), self.toggle_exact)
        self.exact_button.setCheckable(True)
        self.status = QLabel()
        self.status.setStyleSheet("color: #555;")

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(QLabel(tr("ui.preview.title")))
        bar.addStretch(1)
        for w in (self.zoom_box, self.prev_button, self.page_label, self.next_button, self.exact_button):
            bar.addWidget(w)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addLayout(bar)
        box.addWidget(self.scroll, 1)
        box.addWidget(self.status)
        self.set_zoom(0.75)
        self._update_pages_label()

    def _tool(self, tip_key: str, text: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tr(tip_key))
        button.clicked.connect(slot)
        return button

    @property
    def page_count(self) -> int:
        if self.exact_mode:
            return len(self.exact_pages)
        model = self.canvas.layout_model
        return len(model.pages) if model else 0

    @property
    def exact_mode(self) -> bool:
        return self.exact_button.isChecked() and bool(self.exact_pages)

    def set_layout(self, model: PageLayout) -> None:
        self.canvas.layout_model = model
        self.canvas.page_index = min(self.canvas.page_index, max(len(model.pages) - 1, 0))
        if not self.exact_mode:
            self.canvas.refresh_size()
        self._update_pages_label()

    def set_zoom(self, zoom: float) -> None:
        self.canvas.zoom = float(zoom)
        index = self.zoom_box.findData(zoom)
        if index >= 0 and index != self.zoom_box.currentIndex():
            self.zoom_box.blockSignals(True)
            self.zoom_box.setCurrentIndex(index)
            self.zoom_box.blockSignals(False)
        self.canvas.refresh_size()

    def zoom_step(self, step: int) -> None:
        index = max(0, min(len(ZOOMS) - 1, self.zoom_box.currentIndex() + step))
        self.set_zoom(ZOOMS[index])

    def go_page(self, step: int) -> None:
        self.show_page(self.canvas.page_index + step)

    def show_page(self, index: int) -> None:
        count = self.page_count
        self.canvas.page_index = max(0, min(index, count - 1)) if count else 0
        if self.exact_mode:
            self.canvas.exact_page = self.exact_pages[self.canvas.page_index]
        self.canvas.update()
        self._update_pages_label()

    def _update_pages_label(self) -> None:
        count = max(self.page_count, 1)
        self.page_label.setText(tr("ui.preview.page_of", page=self.canvas.page_index + 1, count=count))
        self.prev_button.setEnabled(self.canvas.page_index > 0)
        self.next_button.setEnabled(self.canvas.page_index < count - 1)

    # exact ("as printed") view -----------------------------------------------------------
    def toggle_exact(self) -> None:
        if self.exact_button.isChecked():
            self.exact_requested.emit()
        else:
            self.leave_exact()

    def exact_dpi(self) -> int:
        """Resolution for the "as printed" pages: one image pixel per screen pixel at the current zoom,
        high-DPI screens (125 %, 150 %) included, never under 96, so the pages stay sharp."""
        return max(round(SCREEN_DPI), round(SCREEN_DPI * self.canvas.zoom * self.canvas.devicePixelRatioF()))

    def show_exact(self, pngs: list[Path]) -> None:
        self.exact_pages = [QPixmap(str(p)) for p in pngs]
        self.exact_button.setChecked(True)
        self.status.setText(tr("ui.preview.exact_shown"))
        self.show_page(0)

    def leave_exact(self) -> None:
        self.exact_button.setChecked(False)
        self.exact_pages = []
        self.canvas.exact_page = None
        self.status.setText("")
        self.show_page(self.canvas.page_index)
