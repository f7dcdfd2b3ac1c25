#!/usr/bin/env python3
"""Set up a fresh machine and run VănBản or its tests: the README's two commands.

    python3 tasks.py run     # set up, render the examples to out/, open the editor if there is a screen
    python3 tasks.py test    # set up, run the whole test suite

On Windows use ``py tasks.py run`` / ``py tasks.py test``. Set-up is idempotent: it creates
``.venv`` beside this file, installs the Python packages (again only when pyproject.toml
changes) and, on Debian/Ubuntu, the system packages (LibreOffice, fonts metric-compatible
with Times New Roman, Qt's X libraries) through apt-get, as root or with sudo.
Extra arguments after ``test`` go to pytest; after ``run`` they go to ``vanban``.
This script uses only the standard library, so it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".vanban-installed"
WINDOWS = os.name == "nt"

APT_PACKAGES = [
    # LibreOffice for .docx -> PDF (tests, "as printed" preview, .doc/.odt import)
    "libreoffice-writer-nogui", "poppler-utils",
    # Times New Roman metrics on Linux, and a UI font that draws Vietnamese capitals whole
    "fonts-liberation2", "fonts-noto-core",
    # Qt offscreen and xcb
    "libglib2.0-0", "libegl1", "libgl1", "libx11-6", "libdbus-1-3", "libfontconfig1", "libxkbcommon0",
    "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
    "libxcb-render-util0", "libxcb-shape0", "libxcb-xkb1", "xvfb", "xauth",
    # PyInstaller on Linux needs objdump
    "binutils",
    # the register's PostgreSQL backend is tested against a real server (tests/pg_server.py: a
    # throw-away cluster in a temporary folder, loopback only); the tests fail, never skip, without it
    "postgresql",
    # a software PKCS#11 token for the signing tests (tests/test_signing_pkcs11.py)
    "softhsm2",
]
if sys.platform.startswith("linux") and sys.base_prefix == "/usr":
    # Debian's own python3 links libpython statically; PyInstaller needs the shared library
    APT_PACKAGES.append(f"libpython{sys.version_info.major}.{sys.version_info.minor}")


def say(message: str) -> None:
    print(f"[tasks] {message}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def run(cmd: list[str], label: str | None = None, **kwargs) -> int:
    say(label or " ".join(str(c) for c in cmd))
    return subprocess.call([str(c) for c in cmd], **kwargs)


def apt_missing() -> list[str]:
    missing = []
    for pkg in APT_PACKAGES:
        result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True)
        if "install ok installed" not in result.stdout:
            missing.append(pkg)
    return missing


def setup_system() -> None:
    """Debian/Ubuntu: install the system packages that are missing."""
    if WINDOWS or not Path("/etc/debian_version").exists() or shutil.which("dpkg-query") is None:
        if not WINDOWS and not shutil.which("soffice"):
            say("LibreOffice not found: PDF export and the 'as printed' view will be unavailable.")
        return
    missing = apt_missing()
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
    if sudo is None:
        say(f"Missing system packages (install them as root): {' '.join(missing)}")
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if run([*sudo, "apt-get", "update", "-qq"], env=env) != 0:
        say("apt-get update failed; trying to install anyway")
    code = run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)
    if code != 0:
        sys.exit(f"apt-get install failed ({code})")


def setup_python() -> None:
    """Create .venv and install the project with its dev extras (when pyproject changed)."""
    if not venv_python().exists() and run([sys.executable, "-m", "venv", str(VENV)]) != 0:
        sys.exit("python -m venv failed: on Debian install python3-venv")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    py = str(venv_python())
    run([py, "-m", "pip", "install", "-q", "--upgrade", "pip"])
    if run([py, "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev,sign]"]) != 0:
        sys.exit("pip install failed")
    STAMP.write_text(digest)


def has_display() -> bool:
    return WINDOWS or sys.platform == "darwin" or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_run(extra: list[str]) -> int:
    py = str(venv_python())
    if extra:
        return run([py, "-m", "desktop.cli", *extra], cwd=ROOT)
    out = ROOT / "out" / "examples"
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.json"))
    # the seed examples are incomplete on purpose: skipped, counted in one summary line (--quiet)
    code = run([py, "-m", "desktop.cli", "render", "--skip-incomplete", "--quiet", *examples, "-o", f"{out}{os.sep}"],
               label=f"vanban render --skip-incomplete --quiet examples/*.json -o {out}{os.sep}", cwd=ROOT)
    if code not in (0, 1):
        return code
    say(f"Rendered examples are in {out}")
    if has_display():
        return run([py, "-m", "desktop"], cwd=ROOT)
    say("No display: the editor was not started (run 'python3 tasks.py run gui' on a desktop).")
    return 0


def cmd_test(extra: list[str]) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), PYTHONUTF8="1")
    return run([str(venv_python()), "-m", "pytest", *extra], cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "setup"):
        print(__doc__)
        return 2
    setup_system()
    setup_python()
    if argv[0] == "setup":
        return 0
    return cmd_run(argv[1:]) if argv[0] == "run" else cmd_test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
