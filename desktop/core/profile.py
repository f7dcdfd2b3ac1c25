"""The organisation profile: what an office types once and every draft reuses.

A profile is its own small JSON document (schemas/profile.schema.json)::

    {"schema_version": 1, "name": "Văn phòng Thành ủy Hà Nội", "rule_set": "party_hd36",
     "superior": "THÀNH ỦY HÀ NỘI", "issuer": "VĂN PHÒNG", "agency_code": "VPTU", "unit_code": "",
     "place": "Hà Nội",
     "signers": [{"name": "…", "position": "CHÁNH VĂN PHÒNG", "mode": "by_order",
                  "whom": "BAN THƯỜNG VỤ", "deputy_whom": ""}],
     "recipient_lists": [{"name": "Thông báo kết luận", "report": ["…"], "others": ["…"],
                          "archive": "Văn phòng Thành ủy", "archive_initials": ""}]}

:func:`apply_profile` fills a draft's issuer, codes, place, signature and recipients from it.
Profiles live in the user data folder (:func:`default_profile_dir`); the editor lists,
loads and saves them with the helpers here.
"""

from __future__ import annotations

import copy as copy_module
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.atomic import atomic_write_text
from desktop.core.errors import UnreadableInputError, VanBanError
from desktop.core.model import Draft, JsonDocument, Recipients, Signature, nfc, read_json_file, strip_marks

PROFILE_SCHEMA_VERSION = 1
APP_NAME = "VanBan"


@dataclass
class Signer:
    name: str = ""
    position: str = ""
    mode: str = "own"
    whom: str = ""
    deputy_whom: str = ""
    signature_image: str = ""  # PNG path: the handwritten signature, blue, transparent (B.2 ô 7c)

    def to_signature(self) -> Signature:
        return Signature(mode=self.mode, whom=self.whom, deputy_whom=self.deputy_whom,
                         position=self.position, name=self.name)


@dataclass
class RecipientList:
    name: str = ""
    report: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    archive: str = ""
    archive_initials: str = ""

    def to_recipients(self) -> Recipients:
        return Recipients(report=list(self.report), others=list(self.others), archive=self.archive,
                          archive_initials=self.archive_initials)


@dataclass
class RegisterSettings:
    """How this office numbers its outgoing documents (issue #13; rules: the rule set's
    ``register`` section, spec C.1 "Numbering cycle")."""

    series_mode: str = "shared"  # state: "shared" (one series) | "per_type" — the head decides
    term_start: str = ""  # Party: ISO date the cấp ủy term began (the day after the congress closed)
    congress: bool = False  # Party: the issuer is a congress, one series for every type
    leading_zero: bool = True  # Party: "03" or "3" (state: always a leading zero)
    backend: str = "sqlite"  # "sqlite" (one desk) | "postgresql" (an office)
    database: str = ""  # sqlite: a file (blank: the user data folder); postgresql: a connection string, no password
    password_env: str = ""  # the environment variable holding the PostgreSQL password (else the OS keyring)


@dataclass
class Profile(JsonDocument):
    schema_version: int = PROFILE_SCHEMA_VERSION
    name: str = ""  # shown in the editor's list of profiles
    rule_set: str = "party_hd36"
    superior: str = ""
    issuer: str = ""
    agency_code: str = ""
    unit_code: str = ""
    place: str = ""
    agency_id: str = ""  # mã định danh of the agency for document exchange (QCVN 102), "000.00.00.H26"
    seal_image: str = ""  # PNG path: the agency's seal, red, at real size (B.2 ô 8)
    signers: list[Signer] = field(default_factory=list)
    recipient_lists: list[RecipientList] = field(default_factory=list)
    register: RegisterSettings | None = None

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        if data.get("register") is None:
            data.pop("register", None)
        return data


def profile_problems(data: Any) -> list:
    """Schema problems of profile data (a list of desktop.core.schema.Problem)."""
    from desktop.core.schema import schema_problems

    return schema_problems(data, "profile")[0]


def parse_profile(data: Any, path: Path | str = "") -> Profile:
    """Profile data → Profile; invalid data raises UnreadableInputError naming every problem."""
    if isinstance(data, dict) and isinstance(data.get("schema_version"), int) \
            and data["schema_version"] > PROFILE_SCHEMA_VERSION:
        raise UnreadableInputError("profile.newer_version", path=str(path), version=data["schema_version"],
                                   supported=PROFILE_SCHEMA_VERSION)
    problems = profile_problems(data)
    if problems:
        details = " ".join(p.message for p in problems)
        raise UnreadableInputError("profile.invalid", path=str(path), details=details)
    return Profile.from_dict(data)


def load_profile(path: Path) -> Profile:
    """Read a profile file; a missing, broken or invalid file raises UnreadableInputError (exit 2)."""
    return parse_profile(read_json_file(Path(path)), path)


def save_profile(profile: Profile, path: Path) -> None:
    """Write a profile atomically (NFC), refusing one that does not validate."""
    data = json.loads(nfc(profile.to_json()))
    parse_profile(data, path)
    atomic_write_text(Path(path), json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# --- where profiles live ----------------------------------------------------------------


def default_profile_dir() -> Path:
    """The user's profile folder: <user data dir>/VanBan/profiles (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "profiles"


def profile_file_name(name: str) -> str:
    """A safe file name for a profile name: 'Văn phòng Thành ủy' → 'van-phong-thanh-uy.json'."""
    slug = re.sub(r"[^a-z0-9]+", "-", strip_marks(nfc(name)).lower()).strip("-")
    return f"{slug or 'ho-so'}.json"


def list_profiles(folder: Path | None = None) -> list[Path]:
    """Profile files in ``folder`` (default: the user's profile folder), sorted by name."""
    folder = Path(folder) if folder is not None else default_profile_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if p.is_file())


def save_profile_in(profile: Profile, folder: Path | None = None, *, keep_others: bool = False) -> Path:
    """Save a profile under its own name in ``folder`` (default: the user's profile folder).

    With ``keep_others`` a file already there under that name is left alone and the new profile
    gets the next free name ('van-phong-2.json'): a second office never overwrites the first.
    """
    folder = Path(folder) if folder is not None else default_profile_dir()
    path = folder / profile_file_name(profile.name or profile.issuer)
    base, number = path.stem, 2
    while keep_others and path.exists():
        path, number = folder / f"{base}-{number}.json", number + 1
    save_profile(profile, path)
    return path


# --- applying a profile -----------------------------------------------------------------


def _pick_recipient_list(profile: Profile, recipient_list: str | int) -> RecipientList:
    if isinstance(recipient_list, int):
        if 0 <= recipient_list < len(profile.recipient_lists):
            return profile.recipient_lists[recipient_list]
    else:
        for candidate in profile.recipient_lists:
            if candidate.name == nfc(recipient_list):
                return candidate
    raise VanBanError("profile.no_recipient_list", name=recipient_list)


def apply_profile(draft: Draft, profile: Profile, signer_index: int | None = None,
                  recipient_list: str | int | None = None) -> Draft:
    """A copy of ``draft`` with the profile's rule set, issuer, codes and place filled in.

    ``signer_index`` picks the signature from ``profile.signers``; ``recipient_list`` (name
    or index) picks the recipients. Left as None, the first signer / list is used only when
    the draft has none yet, so a clerk's own choice is never overwritten. The draft passed in
    is not changed.
    """
    result = copy_module.deepcopy(draft)
    result.rule_set = profile.rule_set
    result.superior = profile.superior
    result.issuer = profile.issuer
    result.agency_code = profile.agency_code
    result.unit_code = profile.unit_code
    result.place = profile.place
    if signer_index is not None:
        if not 0 <= signer_index < len(profile.signers):
            raise VanBanError("profile.no_signer", index=signer_index + 1)
        result.signature = profile.signers[signer_index].to_signature()
    elif profile.signers and not result.signature.name.strip():
        result.signature = profile.signers[0].to_signature()
    if recipient_list is not None:
        result.recipients = _pick_recipient_list(profile, recipient_list).to_recipients()
    elif profile.recipient_lists and not (result.recipients.report or result.recipients.others
                                          or result.recipients.archive.strip()):
        result.recipients = profile.recipient_lists[0].to_recipients()
    return result
