"""'Sửa tự động' in the editor's findings panel (issue #12): the whole document or one finding,
the fixed copy written beside the original and its own check shown; every prompt via the asker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.core.check import check_file
from desktop.core.model import load_draft
from desktop.core.render import render_bytes
from desktop.ui.askers import ScriptedAsker
from desktop.ui.findings_panel import FINDING_CODE_ROLE, FindingsPanel
from desktop.ui.fix_actions import FixActions
from tests.conftest import EXAMPLES
from tests.fixtures_docx import edit_docx_xml
from tests.test_fix_damaged import DOC, retext, sect_attr


def damaged_file(tmp_path: Path) -> Path:
    data = render_bytes(load_draft(EXAMPLES / "state_thong_bao.json"))
    path = tmp_path / "công văn.docx"
    path.write_bytes(edit_docx_xml(data, {DOC: lambda root: (sect_attr("pgMar", {"left": "1134"})(root),
                                                             retext("VBPlaceDate", "tháng 6", "tháng 06")(root))}))
    return path


def panel_with(qtbot, path: Path, asker: ScriptedAsker) -> tuple[FindingsPanel, FixActions]:
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    actions = FixActions(panel, asker)
    panel.show_reports([check_file(path)])
    return panel, actions


def codes_shown(panel: FindingsPanel) -> set[str]:
    out: set[str] = set()

    def walk(item) -> None:
        for i in range(item.childCount()):
            child = item.child(i)
            if isinstance(child.data(0, FINDING_CODE_ROLE), str):
                out.add(child.data(0, FINDING_CODE_ROLE))
            walk(child)

    walk(panel.tree.invisibleRootItem())
    return out


def test_fix_whole_document_from_the_panel(qtbot, tmp_path: Path):
    path = damaged_file(tmp_path)
    before = path.read_bytes()
    asker = ScriptedAsker()
    panel, actions = panel_with(qtbot, path, asker)
    assert {"page:margins", "format:place_date"} <= codes_shown(panel)
    assert actions.fix_all_button.isEnabled()
    actions.fix_all_button.click()
    fixed = tmp_path / "công văn (đã sửa).docx"
    assert fixed.exists() and path.read_bytes() == before
    assert panel.path == fixed  # the panel now shows the fixed copy's own check
    assert not ({"page:margins", "format:place_date"} & codes_shown(panel))
    done = asker.last("fix_done")
    assert any("tháng 06" in line and "tháng 6" in line for line in done.details)
    assert actions.back_button.isVisible() or not panel.isVisible()
    actions.back_button.click()
    assert panel.path == path and "page:margins" in codes_shown(panel)


def test_fix_one_finding(qtbot, tmp_path: Path):
    path = damaged_file(tmp_path)
    asker = ScriptedAsker()
    panel, actions = panel_with(qtbot, path, asker)
    items = panel.tree.findItems("", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive)
    margin_item = next(i for i in items if i.data(0, FINDING_CODE_ROLE) == "page:margins")
    panel.tree.setCurrentItem(margin_item)
    assert actions.fix_one_button.isEnabled()
    actions.fix_one_button.click()
    shown = codes_shown(panel)
    assert "page:margins" not in shown and "format:place_date" in shown


def test_existing_fixed_copy_is_overwritten_only_after_asking(qtbot, tmp_path: Path):
    path = damaged_file(tmp_path)
    (tmp_path / "công văn (đã sửa).docx").write_bytes(b"old copy")
    asker = ScriptedAsker(answers={"fix_overwrite": False})
    _panel, actions = panel_with(qtbot, path, asker)
    assert actions.fix(None) is None
    assert (tmp_path / "công văn (đã sửa).docx").read_bytes() == b"old copy"
    asker.answers["fix_overwrite"] = True
    assert actions.fix(None) == tmp_path / "công văn (đã sửa).docx"
    assert "fix_overwrite" in asker.topics()


def test_tracked_changes_are_fixed_only_after_the_question(qtbot, tmp_path: Path):
    from lxml import etree

    from tests.fixtures_docx import W_NS

    def track(root) -> None:
        p = next(p for p in root.iter(f"{{{W_NS}}}p") if p.find(f"{{{W_NS}}}r") is not None)
        ins = etree.SubElement(p, f"{{{W_NS}}}ins", {f"{{{W_NS}}}id": "9", f"{{{W_NS}}}author": "A"})
        etree.SubElement(etree.SubElement(ins, f"{{{W_NS}}}r"), f"{{{W_NS}}}t").text = "x"

    path = damaged_file(tmp_path)
    path.write_bytes(edit_docx_xml(path.read_bytes(), {DOC: track}))
    asker = ScriptedAsker(answers={"fix_tracked": [False, True]})
    _panel, actions = panel_with(qtbot, path, asker)
    assert actions.fix(None) is None
    assert not (tmp_path / "công văn (đã sửa).docx").exists()
    assert actions.fix(None) == tmp_path / "công văn (đã sửa).docx"
    assert asker.topics().count("fix_tracked") == 2


def test_unreadable_file_says_why_and_writes_nothing(qtbot, tmp_path: Path):
    path = tmp_path / "hỏng.docx"
    path.write_bytes(b"PK\x03\x04 broken")
    asker = ScriptedAsker()
    _panel, actions = panel_with(qtbot, path, asker)
    assert actions.fix(None) is None
    assert asker.last("fix_failed").text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hỏng.docx"]


def test_the_editor_window_has_the_fix_buttons(qtbot, tmp_path: Path):
    from desktop.ui.main_window import MainWindow

    path = damaged_file(tmp_path)
    window = MainWindow(data_dir=tmp_path / "data", asker=ScriptedAsker())
    qtbot.addWidget(window)
    window.findings.show_reports([check_file(path)])
    assert window.fix_actions.fix_all_button.isEnabled()
    window.fix_actions.fix_all_button.click()
    assert (tmp_path / "công văn (đã sửa).docx").exists()
    assert window.findings.path == tmp_path / "công văn (đã sửa).docx"
