"""The office profile's "Sổ đăng ký văn bản đi" group: how numbers are given and where the
register is kept (desktop.core.profile.RegisterSettings). Used by the profile dialog.

The PostgreSQL password is never typed here: the profile only names the environment variable
that holds it (else VANBAN_PG_PASSWORD, else the OS keyring).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QFormLayout, QGroupBox, QLineEdit, QWidget

from desktop.core.i18n import tr
from desktop.core.model import nfc
from desktop.core.profile import RegisterSettings
from desktop.core.rules import load_rule_set

NO_DATE = QDate(1930, 1, 1)  # shown as "—": no term start yet


class RegisterSettingsBox(QGroupBox):
    """Edit a RegisterSettings; rows that do not apply to the system are hidden."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("register.settings.title"), parent)
        self._original: RegisterSettings | None = None
        self._rule_set = "state_nd30"
        self.series_mode = QComboBox()
        for mode in ("shared", "per_type"):
            self.series_mode.addItem(tr(f"register.settings.series_mode.{mode}"), mode)
        self.term_start = QDateEdit()
        self.term_start.setCalendarPopup(True)
        self.term_start.setDisplayFormat("dd/MM/yyyy")
        self.term_start.setMinimumDate(NO_DATE)
        self.term_start.setSpecialValueText("—")
        self.congress = QCheckBox(tr("register.settings.congress"))
        self.leading_zero = QCheckBox(tr("register.settings.leading_zero"))
        self.backend = QComboBox()
        for backend in ("sqlite", "postgresql"):
            self.backend.addItem(tr(f"register.settings.backend.{backend}"), backend)
        self.database = QLineEdit()
        self.password_env = QLineEdit()
        self.password_env.setPlaceholderText("VANBAN_PG_PASSWORD")
        self.form = QFormLayout(self)
        for key, widget in (("series_mode", self.series_mode), ("term_start", self.term_start),
                            ("congress", self.congress), ("leading_zero", self.leading_zero),
                            ("backend", self.backend), ("database", self.database),
                            ("password_env", self.password_env)):
            self.form.addRow(tr(f"register.settings.{key}_label"), widget)
        self.backend.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.set_settings(None, self._rule_set)

    def _show_rows(self) -> None:
        reg = load_rule_set(self._rule_set).raw["register"]
        term = reg["cycle"] == "term"
        postgres = self.backend.currentData() == "postgresql"
        shown = {self.series_mode: len(reg["series_modes"]) > 1, self.term_start: term,
                 self.congress: reg["congress"]["one_series"],
                 self.leading_zero: reg["leading_zero"]["profile_setting"], self.password_env: postgres}
        for widget, visible in shown.items():
            self.form.setRowVisible(widget, visible)
        self.database.setPlaceholderText(tr("register.settings.database_hint_pg") if postgres
                                         else tr("register.settings.database_hint_sqlite"))

    def set_rule_set(self, rule_set: str | None) -> None:
        self._rule_set = rule_set or "state_nd30"
        self._show_rows()

    def set_settings(self, settings: RegisterSettings | None, rule_set: str | None) -> None:
        self._original = settings
        value = settings or RegisterSettings()
        self.series_mode.setCurrentIndex(max(self.series_mode.findData(value.series_mode), 0))
        try:
            start = dt.date.fromisoformat(value.term_start) if value.term_start else None
        except ValueError:
            start = None
        self.term_start.setDate(QDate(start.year, start.month, start.day) if start else NO_DATE)
        self.congress.setChecked(value.congress)
        self.leading_zero.setChecked(value.leading_zero)
        self.backend.setCurrentIndex(max(self.backend.findData(value.backend), 0))
        self.database.setText(value.database)
        self.password_env.setText(value.password_env)
        self.set_rule_set(rule_set)

    def settings(self) -> RegisterSettings | None:
        """The edited settings; None when the profile had none and nothing was changed."""
        day = self.term_start.date()
        edited = RegisterSettings(
            series_mode=self.series_mode.currentData(),
            term_start="" if day == NO_DATE else day.toPython().isoformat(),
            congress=self.congress.isChecked(), leading_zero=self.leading_zero.isChecked(),
            backend=self.backend.currentData(), database=nfc(self.database.text().strip()),
            password_env=self.password_env.text().strip())
        if self._original is None and edited == RegisterSettings():
            return None
        return edited
