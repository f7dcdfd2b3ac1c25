"""Typed user settings, declared once, kept as JSON in the user data folder (platformdirs)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from desktop.core.atomic import atomic_write_text

APP_NAME = "VanBan"
FILE_NAME = "settings.json"
MAX_RECENT = 8
AUTOSAVE_SECONDS = 30


def default_data_dir() -> Path:
    """The user data folder: ~/.local/share/VanBan, %LOCALAPPDATA%\\VanBan, …"""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass
class Settings:
    recent_files: list[str] = field(default_factory=list)
    last_dir: str = ""
    zoom: float = 0.75
    geometry: str = ""  # QMainWindow.saveGeometry(), base64
    window_state: str = ""  # QMainWindow.saveState(), base64
    autosave_seconds: int = AUTOSAVE_SECONDS
    profile_asked: bool = False  # the first-run profile prompt is shown once
    current_profile: str = ""  # file name of the profile in use (in the profiles folder)

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        """Read the settings; a missing or damaged file gives the defaults."""
        try:
            raw = json.loads((Path(data_dir) / FILE_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name: f for f in fields(cls)}
        values = {}
        defaults = cls()
        for key, value in raw.items() if isinstance(raw, dict) else ():
            expected = type(getattr(defaults, key)) if key in known else None
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if expected is not None and isinstance(value, expected):
                values[key] = value
        return cls(**values)

    def save(self, data_dir: Path) -> None:
        atomic_write_text(Path(data_dir) / FILE_NAME, json.dumps(asdict(self), ensure_ascii=False, indent=2))

    def add_recent(self, path: Path) -> None:
        text = str(Path(path))
        self.recent_files = [text, *[p for p in self.recent_files if p != text]][:MAX_RECENT]
        self.last_dir = str(Path(path).parent)
