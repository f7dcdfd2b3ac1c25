"""Editor pieces (pytest-qt, offscreen): body editor, form, panels, profile dialog, preview, jobs, CLI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.model import Draft, Paragraph, Run, load_draft
from desktop.core.profile import load_profile
from desktop.ui.askers import ScriptedAsker
from desktop.ui.body_editor import BodyEditor
from desktop.ui.draft_form import DraftForm
from desktop.ui.profile_dialog import ProfileDialog
from tests.conftest import EXAMPLES, ROOT
from tests.test_ui_workflow import PARTY_PROFILE, make_window, type_text


@pytest.fixture
def editor(qtbot):
    from desktop.core.rules import load_rule_set

    widget = BodyEditor()
    widget.set_rules(load_rule_set("party_hd36"))
    qtbot.addWidget(widget)
    widget.show()
    widget.setFocus()
    return widget


def test_body_styles_bold_italic_and_enter(editor):
    type_text(editor, "Tình hình")
    editor.set_style("heading1")
    QTest.keyClick(editor, Qt.Key.Key_Return)  # after a heading comes a body paragraph
    type_text(editor, "Kết quả ")
    editor.toggle_bold()
    type_text(editor, "đạt")
    editor.toggle_bold()
    editor.toggle_italic()
    type_text(editor, " tốt")
    paragraphs = editor.paragraphs()
    assert [p.style for p in paragraphs] == ["heading1", "body"]
    assert paragraphs[1].runs == [Run("Kết quả "), Run("đạt", bold=True), Run(" tốt", italic=True)]
    assert editor.block_labels() == {0: "I- ", 1: ""}


def test_round_trip_through_the_model(editor):
    body = [Paragraph.plain("Điều khoản", "article"), Paragraph("dash", [Run("a", True), Run("b", False, True)]),
            Paragraph.plain("cộng", "plus")]
    editor.set_paragraphs(body)
    assert editor.paragraphs() == body


def test_paste_from_word_keeps_text_bold_italic_only(editor):
    mime = QMimeData()
    mime.setHtml('<p style="color:red;font-family:Arial;font-size:30pt">Thường <b>trực</b> '
                 '<span style="font-style:italic;background:yellow">Thành ủy</span></p>'
                 '<p><u>gạch</u>\x0bchân</p>')
    editor.insertFromMimeData(mime)
    paragraphs = editor.paragraphs()
    assert [p.text for p in paragraphs] == ["Thường trực Thành ủy", "gạch chân"]
    assert paragraphs[0].runs == [Run("Thường "), Run("trực", bold=True), Run(" "), Run("Thành ủy", italic=True)]
    block = editor.document().begin()
    ranges = block.textFormats()
    for rng in ranges:  # no colour, font, size or background came along
        fmt = rng.format
        assert fmt.foreground().style() == Qt.BrushStyle.NoBrush and fmt.background().style() == Qt.BrushStyle.NoBrush
        assert fmt.fontPointSize() == 0 and not fmt.fontFamilies()


def test_text_is_stored_nfc_and_input_method_commits_work(editor):
    type_text(editor, "Vie\u0302\u0323t")  # decomposed: as some keyboards send it
    event = QInputMethodEvent("", [])
    event.setCommitString(" Nam")
    QApplication.sendEvent(editor, event)  # what a Vietnamese IME (Unikey, ibus-bamboo) sends
    assert editor.paragraphs()[0].text == "Việt Nam"


def test_form_shows_only_the_parts_of_the_document_type(qtbot):
    form = DraftForm()
    qtbot.addWidget(form)
    form.show()
    form.set_draft(Draft(rule_set="party_hd36", doc_type="quyet_dinh"))
    assert form.groups["legal_bases"].isVisible() and not form.groups["addressees"].isVisible()
    assert form.fields["extras.draft_marker"].isVisible()  # B.1 ô 11b, Party only
    form.set_draft(Draft(rule_set="state_nd30", doc_type="cong_van"))
    assert form.groups["addressees"].isVisible() and not form.groups["legal_bases"].isVisible()
    assert not form.fields["extras.draft_marker"].isVisible()  # NĐ 30 has no draft marker
    assert form.fields["unit_code"].isVisible()
    assert not form.type_name_label.isVisible() and form.summary_label.isVisible()


def test_computed_lines_follow_typing_and_signature_mode(qtbot):
    form = DraftForm()
    qtbot.addWidget(form)
    form.show()
    form.set_draft(load_draft(EXAMPLES / "state_thong_bao.json"))
    form.fields["number"].clear()
    type_text(form.fields["number"], "3")
    assert form.number_label.text().startswith("Số: 03/TB-")
    form.mode_box.setCurrentIndex(form.mode_box.findData("by_order_deputy"))
    form.set_text("signature.whom", "Bộ trưởng")
    form.set_text("signature.deputy_whom", "Vụ trưởng Vụ Pháp chế")
    assert form.authority_label.text() == "TL. BỘ TRƯỞNG\nKT. VỤ TRƯỞNG VỤ PHÁP CHẾ"
    assert form.fields["signature.deputy_whom"].isVisible()


def test_problem_paths_lead_to_widgets(qtbot):
    form = DraftForm()
    qtbot.addWidget(form)
    form.show()
    form.set_draft(load_draft(EXAMPLES / "party_thong_bao.json"))
    assert form.widget_for("signature.name") == (form.fields["signature.name"], None)
    assert form.widget_for("recipients.others[1]") == (form.fields["recipients.others"], 1)
    assert form.widget_for("body[2].runs[0].text") == (form.body, 2)
    form.focus_field("recipients.others[1]")
    edit = form.fields["recipients.others"]
    assert edit.textCursor().block().text() == form.items("recipients.others")[1]
    form.focus_field("body[2]")
    number = form.body.textCursor().blockNumber()
    assert form.body.blocks()[2][0] == number


def test_tab_order_follows_the_page(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path / "data")
    form = window.form
    order = ["superior", "issuer", "agency_code", "number", "place", "summary"]
    form.fields["superior"].setFocus()
    seen = []
    for _ in range(12):
        widget = QApplication.focusWidget()
        seen += [k for k, w in form.fields.items() if w is widget and k not in seen]
        QTest.keyClick(widget, Qt.Key.Key_Tab)
    positions = [seen.index(k) for k in order if k in seen]
    assert positions == sorted(positions) and len(positions) >= 5, seen


def test_validation_panel_lists_errors_first_with_icons(qtbot):
    from desktop.core.schema import validate_draft
    from desktop.ui.validation_panel import ValidationPanel

    panel = ValidationPanel()
    qtbot.addWidget(panel)
    problems = validate_draft(Draft())
    panel.set_problems(problems)
    severities = [p.severity for p in panel.problems]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert not panel.list.item(0).icon().isNull()
    assert "lỗi" in panel.summary.text()
    with qtbot.waitSignal(panel.problem_activated) as signal:
        panel.list.itemClicked.emit(panel.list.item(0))
    assert signal.args == [panel.problems[0].field]


def test_profile_dialog_edits_exports_and_imports(qtbot, tmp_path):
    exported = tmp_path / "ho-so.json"
    asker = ScriptedAsker({"profile_export": str(exported), "profile_import": str(PARTY_PROFILE)})
    dialog = ProfileDialog(load_profile(PARTY_PROFILE), asker)
    qtbot.addWidget(dialog)
    assert dialog.signers.rowCount() == len(load_profile(PARTY_PROFILE).signers)
    dialog.add_signer()
    row = dialog.signers.rowCount() - 1
    dialog.signers.item(row, 0).setText("Trần Thị Ngọc Ánh")
    dialog.signers.item(row, 1).setText("PHÓ CHÁNH VĂN PHÒNG")
    dialog.list_names.setCurrentRow(0)
    dialog.list_others.setPlainText("Các huyện ủy\nCác quận ủy")
    dialog.export_file()
    saved = load_profile(exported)
    assert saved.signers[-1].name == "Trần Thị Ngọc Ánh"
    assert saved.recipient_lists[0].others == ["Các huyện ủy", "Các quận ủy"]
    dialog.import_file()
    assert dialog.profile() == load_profile(PARTY_PROFILE)


def test_preview_zoom_pages_and_click_to_field(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path / "data")
    body = [Paragraph.plain(f"Đoạn {i}: nội dung kết luận của Thường trực về nhiệm vụ trọng tâm.") for i in range(70)]
    draft = load_draft(EXAMPLES / "party_thong_bao.json")
    draft.body = body
    window.set_draft(draft, modified=False)
    preview = window.preview
    assert preview.page_count >= 2
    preview.go_page(+1)
    assert preview.canvas.page_index == 1 and preview.page_label.text().startswith("Trang 2/")
    preview.set_zoom(1.0)
    small = preview.canvas.width()
    preview.zoom_step(+1)
    assert preview.canvas.width() > small
    preview.show_page(0)
    line = next(ln for ln in preview.canvas.layout_model.pages[0].lines if ln.part == "issuer")
    scale = preview.canvas.px_per_pt
    from desktop.ui.preview import PAGE_GAP

    pos = QPoint(int(PAGE_GAP + (line.left + 2) * scale), int(PAGE_GAP + (line.y - 3) * scale))
    qtbot.mouseClick(preview.canvas, Qt.MouseButton.LeftButton, pos=pos)
    assert window.form.fields["issuer"].hasFocus()
    image = preview.canvas.grab().toImage()
    dark = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
               if image.pixelColor(x, y).lightness() < 80)
    assert dark > 50  # text was painted


def test_app_font_draws_vietnamese_capitals():
    from PySide6.QtGui import QFontDatabase

    from desktop.ui.app import UI_FONTS, ui_font

    font = ui_font()
    installed = [f for f in UI_FONTS if f in QFontDatabase.families()]
    if installed:
        assert font.family() == installed[0]
    assert font.family() != "DejaVu Sans"


def test_gui_command_is_registered_and_imports_no_qt():
    code = ("import sys; from desktop.cli import build_parser; p = build_parser(); "
            "a = p.parse_args(['gui', 'x.json']); print(a.file, 'PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["x.json", "False"]


@pytest.mark.libreoffice
def test_exact_preview_and_pdf_export_run_in_a_worker(qtbot, tmp_path, soffice):
    asker = ScriptedAsker()
    window = make_window(qtbot, tmp_path / "data", asker)
    window.set_draft(load_draft(EXAMPLES / "party_thong_bao.json"), modified=False)
    window.exact_preview()
    qtbot.waitUntil(lambda: window.preview.exact_mode or "exact_failed" in asker.topics(), timeout=120000)
    assert window.preview.exact_mode and window.preview.page_count >= 1
    assert window.preview.canvas.exact_page is not None and not window.preview.canvas.exact_page.isNull()
    target = tmp_path / "tb.pdf"
    window.export_pdf(target)
    qtbot.waitUntil(lambda: target.exists() or "export_failed" in asker.topics(), timeout=120000)
    assert target.read_bytes().startswith(b"%PDF")


def test_batch_check_of_a_folder_shows_every_file(qtbot, tmp_path):
    from desktop.core.render import render_to_file

    folder = tmp_path / "den"
    folder.mkdir()
    for name in ("party_thong_bao", "state_cong_van"):
        render_to_file(load_draft(EXAMPLES / f"{name}.json"), folder / f"{name}.docx")
    (folder / "hong.docx").write_bytes(b"not a zip")
    asker = ScriptedAsker({"check_folder": str(folder)})
    window = make_window(qtbot, tmp_path / "data", asker)
    window.check_folder_dialog()
    qtbot.waitUntil(lambda: window.findings.tree.topLevelItemCount() == 3 or "check_failed" in asker.topics(),
                    timeout=60000)
    names = sorted(window.findings.tree.topLevelItem(i).text(0) for i in range(3))
    assert names == ["hong.docx", "party_thong_bao.docx", "state_cong_van.docx"]
    assert "3" in window.findings.title.text()


def test_a_long_session_of_void_qt_calls_does_not_free_none():
    """shiboken6 6.12.0 on CPython 3.11 dropped a reference to None per void call (bench/ui.md)."""
    code = (
        "import sys\nfrom PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\nlabel = QLabel()\nbefore = sys.getrefcount(None)\n"
        "for i in range(1000):\n    label.setText('Đảng')\n"
        "print(sys.getrefcount(None) - before)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    assert abs(int(out.stdout.strip())) < 100, "this PySide6 leaks references to None: exclude it in pyproject.toml"


def test_qt_standard_strings_are_vietnamese(qtbot):
    from PySide6.QtWidgets import QLineEdit

    from desktop.ui.app import create_app

    create_app()
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert "&Hoàn tác" in texts[0] and any("Dán" in t for t in texts)
    assert not any(t.startswith(("&Undo", "Cu&t", "&Paste")) for t in texts)
    assert any(t.endswith("Ctrl+V") for t in texts)  # strings we do not translate stay Qt's own
    menu.deleteLater()


def test_gui_without_a_screen_says_so_instead_of_aborting():
    import os

    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux needs a display variable")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run([sys.executable, "-m", "desktop"], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=60)
    assert out.returncode == 2 and "Không có màn hình" in out.stderr


@pytest.mark.parametrize(("method", "args", "clicked", "expected"), [
    ("confirm", ("Tiêu đề", "Câu hỏi?"), "Có", True),
    ("confirm", ("Tiêu đề", "Câu hỏi?"), "Không", False),
    ("retry", ("Lưu", "Tệp đang mở trong Word."), "Thử lại", True),
    ("retry", ("Lưu", "Tệp đang mở trong Word."), "Hủy", False),
    ("save_discard_cancel", ("Đóng", "Lưu thay đổi?"), "Không lưu", "discard"),
    ("save_discard_cancel", ("Đóng", "Lưu thay đổi?"), "Hủy", "cancel"),
])
def test_real_message_boxes_answer_with_the_button_clicked(qtbot, method, args, clicked, expected):
    """QtAsker's boxes (the only modal prompts): Vietnamese buttons, the clicked one decides."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.ui import askers
    from desktop.ui.app import create_app

    create_app()
    seen: list[str] = []

    def click() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen.extend(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == clicked).click()

    QTimer.singleShot(200, click)
    answer = getattr(askers.QtAsker(), method)("topic", *args)
    assert clicked in seen
    assert answer == {"discard": askers.DISCARD, "cancel": askers.CANCEL}.get(expected, expected)
