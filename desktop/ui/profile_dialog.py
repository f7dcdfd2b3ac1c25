"""Organisation profile dialog: issuer, codes, place, signers and recipient lists, typed once.

Export and import go through the asker (file paths), so the dialog is testable headless.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import VanBanError
from desktop.core.i18n import tr
from desktop.core.model import SIGNATURE_MODES, nfc
from desktop.core.profile import Profile, RecipientList, Signer, load_profile, save_profile
from desktop.core.rules import available_rule_sets, load_rule_set
from desktop.ui.askers import Asker
from desktop.ui.draft_form import LinesEdit, mode_label
from desktop.ui.register_settings import RegisterSettingsBox

SIGNER_COLUMNS = ("name", "position", "mode", "whom", "deputy_whom", "signature_image")
PROFILE_FILTER_KEY = "ui.filter.profile"


class ProfileDialog(QDialog):
    """Edit a Profile; ``profile()`` returns the edited copy."""

    def __init__(self, profile: Profile, asker: Asker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.asker = asker
        self.setWindowTitle(tr("ui.profile.title"))
        self.resize(880, 640)
        self.lists: list[RecipientList] = []
        self._current_list = -1

        self.name = QLineEdit()
        self.system = QComboBox()
        for rule_set_id in available_rule_sets():
            rules = load_rule_set(rule_set_id)
            self.system.addItem(tr(f"ui.system.{rules.system}", name=rules.name), rule_set_id)
        self.system.currentIndexChanged.connect(self._refresh_modes)
        self.superior, self.issuer = QLineEdit(), QLineEdit()
        self.agency_code, self.unit_code, self.place = QLineEdit(), QLineEdit(), QLineEdit()
        org = QGroupBox(tr("ui.profile.organisation"))
        form = QFormLayout(org)
        for key, widget in (("name", self.name), ("rule_set", self.system), ("superior", self.superior),
                            ("issuer", self.issuer), ("agency_code", self.agency_code),
                            ("unit_code", self.unit_code), ("place", self.place)):
            form.addRow(tr(f"ui.profile.{key}"), widget)
        self.agency_id, self.seal_image = QLineEdit(), QLineEdit()  # electronic issuance (issue #14)
        self.agency_id.setPlaceholderText("000.00.00.H40")
        form.addRow(tr("sign.profile.agency_id"), self.agency_id)
        form.addRow(tr("sign.profile.seal_image"), self.seal_image)

        self.signers = QTableWidget(0, len(SIGNER_COLUMNS))
        self.signers.setHorizontalHeaderLabels([tr(f"ui.profile.signer.{c}") for c in SIGNER_COLUMNS])
        self.signers.horizontalHeader().setStretchLastSection(True)
        self.signers.setMinimumHeight(150)
        for col, width in enumerate((180, 190, 210, 170)):
            self.signers.setColumnWidth(col, width)
        signer_box = QGroupBox(tr("ui.profile.signers"))
        signer_layout = QVBoxLayout(signer_box)
        signer_layout.addWidget(self.signers)
        signer_layout.addLayout(self._buttons(self.add_signer, self.remove_signer))

        self.list_names = QListWidget()
        self.list_names.currentRowChanged.connect(self._switch_list)
        self.list_name = QLineEdit()
        self.list_report, self.list_others = LinesEdit(3), LinesEdit(4)
        self.list_archive, self.list_initials = QLineEdit(), QLineEdit()
        detail = QWidget()
        detail_form = QFormLayout(detail)
        for key, widget in (("list_name", self.list_name), ("report", self.list_report),
                            ("others", self.list_others), ("archive", self.list_archive),
                            ("archive_initials", self.list_initials)):
            detail_form.addRow(tr(f"ui.profile.{key}"), widget)
        lists_box = QGroupBox(tr("ui.profile.recipient_lists"))
        lists_layout = QHBoxLayout(lists_box)
        left = QVBoxLayout()
        left.addWidget(self.list_names)
        left.addLayout(self._buttons(self.add_list, self.remove_list))
        lists_layout.addLayout(left, 1)
        lists_layout.addWidget(detail, 2)

        buttons = QDialogButtonBox()
        ok = buttons.addButton(tr("ui.button.ok"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(tr("ui.button.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        export = buttons.addButton(tr("ui.profile.export"), QDialogButtonBox.ButtonRole.ActionRole)
        import_ = buttons.addButton(tr("ui.profile.import"), QDialogButtonBox.ButtonRole.ActionRole)
        ok.clicked.connect(self.accept_checked)
        cancel.clicked.connect(self.reject)
        export.clicked.connect(self.export_file)
        import_.clicked.connect(self.import_file)

        layout = QVBoxLayout(self)
        layout.addWidget(org)
        layout.addWidget(signer_box, 3)
        layout.addWidget(lists_box, 2)
        self.register_box = RegisterSettingsBox()  # the outgoing register (issue #13)
        self.system.currentIndexChanged.connect(lambda _i: self.register_box.set_rule_set(self.system.currentData()))
        layout.addWidget(self.register_box)
        layout.addWidget(buttons)
        self.set_profile(profile)

    @staticmethod
    def _buttons(add, remove) -> QHBoxLayout:
        row = QHBoxLayout()
        for key, slot in (("ui.button.add", add), ("ui.button.remove", remove)):
            button = QPushButton(tr(key))
            button.clicked.connect(lambda _c=False, s=slot: s())
            row.addWidget(button)
        row.addStretch(1)
        return row

    # --- signers ------------------------------------------------------------------------
    def _mode_combo(self, mode: str) -> QComboBox:
        combo = QComboBox()
        rules = load_rule_set(self.system.currentData())
        for key in SIGNATURE_MODES:
            combo.addItem(mode_label(key, rules), key)
        combo.setCurrentIndex(max(combo.findData(mode), 0))
        return combo

    def _refresh_modes(self) -> None:
        for row in range(self.signers.rowCount()):
            old = self.signers.cellWidget(row, 2)
            self.signers.setCellWidget(row, 2, self._mode_combo(old.currentData() if old else "own"))

    def add_signer(self, signer: Signer | None = None) -> None:
        signer = signer or Signer()
        row = self.signers.rowCount()
        self.signers.insertRow(row)
        for col, key in enumerate(SIGNER_COLUMNS):
            if key == "mode":
                self.signers.setCellWidget(row, col, self._mode_combo(signer.mode))
            else:
                self.signers.setItem(row, col, QTableWidgetItem(getattr(signer, key)))

    def remove_signer(self) -> None:
        row = self.signers.currentRow()
        if row >= 0:
            self.signers.removeRow(row)

    def _signers(self) -> list[Signer]:
        out = []
        for row in range(self.signers.rowCount()):
            values = {}
            for col, key in enumerate(SIGNER_COLUMNS):
                if key == "mode":
                    values[key] = self.signers.cellWidget(row, col).currentData()
                else:
                    item = self.signers.item(row, col)
                    values[key] = nfc(item.text().strip()) if item else ""
            if values["name"] or values["position"]:
                out.append(Signer(**values))
        return out

    # --- recipient lists ----------------------------------------------------------------
    def _store_list(self) -> None:
        if 0 <= self._current_list < len(self.lists):
            self.lists[self._current_list] = RecipientList(
                nfc(self.list_name.text().strip()), self.list_report.items(), self.list_others.items(),
                nfc(self.list_archive.text().strip()), nfc(self.list_initials.text().strip()))
            item = self.list_names.item(self._current_list)
            if item is not None:
                item.setText(self.lists[self._current_list].name or tr("ui.profile.unnamed"))

    def _switch_list(self, row: int) -> None:
        self._store_list()
        self._current_list = row
        current = self.lists[row] if 0 <= row < len(self.lists) else RecipientList()
        self.list_name.setText(current.name)
        self.list_report.set_items(current.report)
        self.list_others.set_items(current.others)
        self.list_archive.setText(current.archive)
        self.list_initials.setText(current.archive_initials)

    def add_list(self, recipients: RecipientList | None = None) -> None:
        self._store_list()
        self.lists.append(recipients or RecipientList(name=tr("ui.profile.new_list")))
        self.list_names.addItem(self.lists[-1].name or tr("ui.profile.unnamed"))
        self.list_names.setCurrentRow(len(self.lists) - 1)

    def remove_list(self) -> None:
        row = self.list_names.currentRow()
        if row < 0:
            return
        self._current_list = -1
        del self.lists[row]
        self.list_names.takeItem(row)
        self._switch_list(self.list_names.currentRow())

    # --- whole profile ------------------------------------------------------------------
    def set_profile(self, profile: Profile) -> None:
        self.name.setText(profile.name)
        self.system.setCurrentIndex(max(self.system.findData(profile.rule_set), 0))
        for widget, value in ((self.superior, profile.superior), (self.issuer, profile.issuer),
                              (self.agency_code, profile.agency_code), (self.unit_code, profile.unit_code),
                              (self.place, profile.place), (self.agency_id, profile.agency_id),
                              (self.seal_image, profile.seal_image)):
            widget.setText(value)
        self.register_box.set_settings(profile.register, profile.rule_set)
        self.signers.setRowCount(0)
        for signer in profile.signers:
            self.add_signer(signer)
        self._current_list = -1
        with QSignalBlocker(self.list_names):
            self.list_names.clear()
        self.lists = []
        for recipients in profile.recipient_lists:
            self.add_list(recipients)
        if not profile.recipient_lists:
            self._switch_list(-1)

    def profile(self) -> Profile:
        self._store_list()
        text = {key: nfc(w.text().strip()) for key, w in (
            ("name", self.name), ("superior", self.superior), ("issuer", self.issuer),
            ("agency_code", self.agency_code), ("unit_code", self.unit_code), ("place", self.place),
            ("agency_id", self.agency_id), ("seal_image", self.seal_image))}
        lists = [r for r in self.lists if r.name or r.report or r.others or r.archive]
        return Profile(rule_set=self.system.currentData(), signers=self._signers(), recipient_lists=lists,
                       register=self.register_box.settings(), **text)

    def accept_checked(self) -> None:
        """OK: the signature and seal images are checked first (spec B.2 ô 7c, ô 8); a refused
        image is named with its reasons and the dialog stays open."""
        from desktop.core.stamp_images import check_image

        profile = self.profile()
        rules = load_rule_set(profile.rule_set).electronic
        images = [(tr("sign.profile.seal_image"), profile.seal_image, "seal_image")]
        images += [(s.name, s.signature_image, "signature_image") for s in profile.signers]
        details = []
        for who, path, kind in images:
            problems = check_image(Path(path), kind, rules) if path else []
            if problems:
                details.append(tr("sign.profile.image_problem", who=who, path=path,
                                  problems=" ".join(p.message for p in problems)))
        if details:
            self.asker.inform("profile_images", tr("ui.profile.title"), tr("sign.profile.images_refused"), details,
                              error=True)
            return
        self.accept()

    def export_file(self) -> None:
        target = self.asker.save_path("profile_export", tr("ui.profile.export"), tr(PROFILE_FILTER_KEY),
                                      Path.home() / "ho-so-co-quan.json")
        if target is None:
            return
        try:
            save_profile(self.profile(), target)
        except VanBanError as exc:
            self.asker.inform("profile_export_failed", tr("ui.profile.export"), exc.message, error=True)

    def import_file(self) -> None:
        source = self.asker.open_path("profile_import", tr("ui.profile.import"), tr(PROFILE_FILTER_KEY))
        if source is None:
            return
        try:
            self.set_profile(load_profile(source))
        except VanBanError as exc:
            self.asker.inform("profile_import_failed", tr("ui.profile.import"), exc.message, error=True)

    def keyPressEvent(self, event) -> None:
        """Enter inside the tables edits a cell; it must not close the dialog."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() is not None \
                and not isinstance(self.focusWidget(), QPushButton):
            return
        super().keyPressEvent(event)
