#!/usr/bin/env python3
"""Build the VănBản program folder with PyInstaller, smoke-test it, and record its size.

    .venv/bin/python tools/build_bundle.py             (Linux)
    .venv\\Scripts\\python tools\\build_bundle.py        (Windows; same steps)

Steps:
1. ``pyinstaller --noconfirm --clean build.spec`` into ``build/dist`` (work files: ``build/work``);
2. the console executable renders an example draft to .docx, then every draft in examples/,
   and, when ``check`` exists, checks the first .docx;
3. the editor starts offscreen and quits after its first paint (``VANBAN_SMOKE_EXIT_AFTER_PAINT``);
4. when all passed: ``build/dist/VanBan-<version>-<os>-<machine>.zip`` (Windows; ``.tar.gz``
   elsewhere), the archive to hand out;
5. the folder's size, total and by biggest parts, goes to ``bench/build.md``.

Exit code 0 when every step passed, 1 when a smoke test failed, 2 when the build failed.
The program is the folder ``build/dist/VanBan/``; ``--make-icon`` only writes
resources/icons/vanban.ico.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import bundle_rules as rules  # noqa: E402

WINDOWS = os.name == "nt"
SPEC = ROOT / "build.spec"
ICON = ROOT / "resources" / "icons" / "vanban.ico"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
DEFAULT_DIST = ROOT / "build" / "dist"
DEFAULT_WORK = ROOT / "build" / "work"
BENCH = ROOT / "bench" / "build.md"
RUN_TIMEOUT_S = 180
SMOKE_TIMEOUT_S = 60
MB = 1_000_000


def say(message: str) -> None:
    print(f"[build_bundle] {message}", flush=True)


# --- the icon ------------------------------------------------------------------------------------


def ico_from_pngs(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (Windows Vista and later read PNG entries), one per size."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, data in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(images))
        images += data
    return header + entries + images


_icon_app = None


def render_icon_pngs(sizes: tuple[int, ...] = ICON_SIZES) -> dict[int, bytes]:
    """PNG images of the app icon: resources/icons/vanban.svg or .png when present, else drawn here
    (a white page with a red header rule and grey text lines on a dark-red square)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    global _icon_app  # an SVG with text needs fonts, hence an application (offscreen: no screen needed)
    _icon_app = QGuiApplication.instance() or QGuiApplication(["build_bundle", "-platform", "offscreen"])
    icons = ROOT / "resources" / "icons"
    source = next((p for p in (icons / "vanban.svg", icons / "vanban.png") if p.is_file()), None)
    pngs = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if source is not None and source.suffix == ".svg":
            from PySide6.QtSvg import QSvgRenderer

            QSvgRenderer(str(source)).render(painter, QRectF(0, 0, size, size))
        elif source is not None:
            painter.drawImage(QRectF(0, 0, size, size), QImage(str(source)))
        else:
            draw_fallback_icon(painter, size, QColor)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        pngs[size] = bytes(data.data())
    return pngs


def draw_fallback_icon(painter, size: int, color) -> None:
    s = size / 16
    painter.setPen(color(0, 0, 0, 0))
    painter.setBrush(color("#9b1c1c"))
    painter.drawRoundedRect(0, 0, size, size, 3 * s, 3 * s)
    painter.setBrush(color("#ffffff"))
    painter.drawRect(int(3.5 * s), int(2 * s), int(9 * s), int(12 * s))
    painter.setBrush(color("#c62828"))
    painter.drawRect(int(5 * s), int(4 * s), int(6 * s), max(1, int(s)))
    painter.setBrush(color("#6b6b6b"))
    for row in (7, 9, 11):
        painter.drawRect(int(5 * s), int(row * s), int(6 * s), max(1, int(0.7 * s)))


def ensure_icon(work: Path) -> Path:
    """resources/icons/vanban.ico, or one made into the work folder when the repository has none."""
    if ICON.is_file():
        return ICON
    made = work / "vanban.ico"
    made.parent.mkdir(parents=True, exist_ok=True)
    # in a child process: a QGuiApplication made here would break widgets later (e.g. under pytest-qt)
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--make-icon", str(made)], check=True)
    say(f"resources/icons/vanban.ico is missing: made {made}")
    return made


# --- build -----------------------------------------------------------------------------------------


@dataclass
class Bundle:
    """A built program folder with its two executables."""

    folder: Path

    @property
    def gui(self) -> Path:
        return self.folder / (rules.APP_NAME + (".exe" if WINDOWS else ""))

    @property
    def cli(self) -> Path:
        return self.folder / (rules.CLI_NAME + (".exe" if WINDOWS else ""))


def build(dist: Path = DEFAULT_DIST, work: Path = DEFAULT_WORK) -> tuple[Bundle, float]:
    """Run PyInstaller on build.spec; return the bundle and the build time in seconds."""
    env = dict(os.environ, VANBAN_ICON=str(ensure_icon(work)))
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    say(" ".join(cmd))
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, env=env, check=False)
    seconds = time.perf_counter() - started
    bundle = Bundle(dist / rules.APP_NAME)
    if result.returncode != 0 or not bundle.cli.is_file() or not bundle.gui.is_file():
        raise RuntimeError(f"PyInstaller failed (exit code {result.returncode}); see its output above")
    return bundle, seconds


# --- smoke tests -----------------------------------------------------------------------------------


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for a bundled executable: its own user folders, nothing from the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    env["VANBAN_DATA_DIR"] = str(home / "vanban-data")  # settings, profiles, autosaves (vanban gui --data-dir)
    env["PYTHONUTF8"] = "1"
    env.update(extra)
    return env


def run_exe(exe: Path, args: list[str], home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run one of the bundle's executables from a neutral folder (not the checkout)."""
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.run([str(exe), *args], cwd=home, env=isolated_env(home, **extra), capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=RUN_TIMEOUT_S, check=False)


def fallback_draft(folder: Path) -> Path:
    """A complete NĐ 30 draft written with the model's own save function, when examples/ is empty."""
    sys.path.insert(0, str(ROOT))
    from desktop.core.model import Draft, Paragraph, save_draft

    draft = Draft.from_dict({
        "schema_version": 1, "rule_set": "state_nd30", "doc_type": "thong_bao",
        "superior": "ỦY BAN NHÂN DÂN TỈNH HÀ NAM", "issuer": "SỞ NỘI VỤ",
        "number": "12", "agency_code": "SNV", "place": "Hà Nam", "date": "2026-11-23",
        "summary": "về việc nghỉ Tết Nguyên đán",
        "signature": {"mode": "deputy", "whom": "GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC", "name": "Trần Thị B"},
        "recipients": {"report": [], "others": ["Các phòng, đơn vị thuộc Sở"], "archive": "VT, VP"},
    })
    draft.body = [Paragraph.plain("Sở Nội vụ thông báo lịch nghỉ Tết Nguyên đán như sau.")]
    path = folder / "fallback_draft.json"
    save_draft(draft, path)
    return path


PREFERRED_EXAMPLES = ("state_cong_van.json", "party_thong_bao.json")
"""Complete drafts (one per rule set) the smoke test renders first; any other example will do."""


def example_drafts() -> list[Path]:
    return sorted((ROOT / "examples").glob("*.json"))


def smoke_example(scratch: Path) -> Path:
    """The draft the smoke test renders: a preferred example, any example, or a draft made here."""
    examples = example_drafts()
    preferred = [path for name in PREFERRED_EXAMPLES for path in examples if path.name == name]
    if preferred or examples:
        return (preferred or examples)[0]
    say("examples/ has no .json draft: using a draft made by tools/build_bundle.py")
    return fallback_draft(scratch)


def has_command(bundle: Bundle, name: str, home: Path) -> bool:
    """Whether the bundled CLI knows a subcommand (``check`` lands separately)."""
    return run_exe(bundle.cli, [name, "--help"], home).returncode == 0


@dataclass
class SmokeResult:
    name: str
    ok: bool
    detail: str
    seconds: float = 0.0


def timed(name: str, exe: Path, args: list[str], home: Path, ok_codes: tuple[int, ...] = (0,),
          **extra: str) -> tuple[SmokeResult, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    result = run_exe(exe, args, home, **extra)
    seconds = time.perf_counter() - started
    output = (result.stdout + result.stderr).strip()
    ok = result.returncode in ok_codes and "Traceback" not in output
    detail = f"exit {result.returncode}" + ("" if ok else f": {output[-2000:]}")
    return SmokeResult(name, ok, detail, seconds), result


def smoke_render(bundle: Bundle, draft: Path, out: Path, home: Path) -> SmokeResult:
    smoke, _ = timed("render", bundle.cli, ["render", str(draft), "-o", str(out)], home)
    if smoke.ok and not out.is_file():
        return SmokeResult(smoke.name, False, f"{smoke.detail}, but {out.name} was not written", smoke.seconds)
    return smoke


def smoke_render_examples(bundle: Bundle, out_dir: Path, home: Path) -> SmokeResult:
    """Every example in one run (``--skip-incomplete``: exit 1 when some are incomplete on purpose)."""
    examples = [str(path) for path in example_drafts()]
    args = ["render", "--skip-incomplete", *examples, "-o", f"{out_dir}{os.sep}"]
    smoke, _ = timed("render examples/", bundle.cli, args, home, ok_codes=(0, 1))
    rendered = len(list(out_dir.glob("*.docx")))
    if smoke.ok and not rendered:
        return SmokeResult(smoke.name, False, f"{smoke.detail}, but no .docx was written", smoke.seconds)
    return SmokeResult(smoke.name, smoke.ok, f"{smoke.detail}, {rendered} of {len(examples)} rendered"
                       if smoke.ok else smoke.detail, smoke.seconds)


def smoke_check(bundle: Bundle, docx: Path, home: Path) -> SmokeResult:
    """``vanban check`` on the rendered file: exit 0 (clean) or 1 (findings) both prove it ran."""
    smoke, result = timed("check", bundle.cli, ["check", str(docx)], home, ok_codes=(0, 1))
    if smoke.ok and not result.stdout.strip():
        return SmokeResult(smoke.name, False, f"{smoke.detail}, but printed nothing", smoke.seconds)
    return smoke


def smoke_gui(bundle: Bundle, home: Path) -> SmokeResult:
    """The editor starts offscreen, paints, and exits 0 (the hook in desktop/frozen_main.py)."""
    smoke, result = timed("gui", bundle.gui, [], home, QT_QPA_PLATFORM="offscreen",
                          VANBAN_SMOKE_EXIT_AFTER_PAINT="1", VANBAN_SMOKE_TIMEOUT=str(SMOKE_TIMEOUT_S),
                          VANBAN_SMOKE_LAUNCH_NS=str(time.time_ns()))
    painted = [line for line in result.stderr.splitlines() if line.startswith("VANBAN_SMOKE")]
    if smoke.ok and painted:
        return SmokeResult(smoke.name, True, f"exit 0, {painted[-1].removeprefix('VANBAN_SMOKE ')}", smoke.seconds)
    if smoke.ok and not WINDOWS:  # a windowed .exe has no stderr: its exit code is the proof there
        return SmokeResult(smoke.name, False, "exit 0 but no paint reported", smoke.seconds)
    return smoke


def run_smoke_tests(bundle: Bundle, scratch: Path) -> list[SmokeResult]:
    home = scratch / "home"
    draft = smoke_example(scratch)
    docx = scratch / "smoke.docx"
    results = [smoke_render(bundle, draft, docx, home)]
    say(f"render {draft.name}: {results[-1].detail}")
    if example_drafts():
        results.append(smoke_render_examples(bundle, scratch / "examples", home))
        say(f"render examples/: {results[-1].detail}")
    if not results[0].ok:
        say("check skipped: nothing was rendered")
    elif has_command(bundle, "check", home):
        results.append(smoke_check(bundle, docx, home))
        say(f"check {docx.name}: {results[-1].detail}")
    else:
        say("check skipped: this build has no 'vanban check' command yet")
    results.append(smoke_gui(bundle, home))
    say(f"gui: {results[-1].detail}")
    return results


# --- size ------------------------------------------------------------------------------------------


@dataclass
class SizeReport:
    total: int = 0
    files: int = 0
    groups: dict[str, int] = field(default_factory=dict)
    biggest: list[tuple[str, int]] = field(default_factory=list)


GROUPS = {
    "exe": "executables (launchers, each with the app's pure-Python code archive)",
    "icu": "Qt: ICU data and libraries",
    "plugins": "Qt: plugins",
    "translations": "Qt: translations",
    "qt": "Qt: libraries (Core, Gui, Widgets, …)",
    "bindings": "PySide6 + shiboken6 bindings",
    "data": "app data (templates_docx, schemas, resources)",
    "libs": "shared libraries beside Python (libstdc++, libX11, glib, dbus, …)",
    "python": "Python runtime (libpython, stdlib, base_library.zip)",
}


def group_of(relative: Path) -> str:
    """Where a file's bytes are counted: Qt split by kind, then by top folder, else by file type."""
    parts = relative.parts
    if parts[0] != "_internal" or len(parts) == 1:
        return GROUPS["exe"]
    inner = parts[1:]
    name = inner[-1]
    if inner[0] == "PySide6":
        if name.startswith(("libicu", "icu")):
            return GROUPS["icu"]
        if "plugins" in inner:
            return GROUPS["plugins"]
        if "translations" in inner:
            return GROUPS["translations"]
        return GROUPS["qt"] if rules.QT_LIBRARY_NAME.match(name) else GROUPS["bindings"]
    if inner[0] == "shiboken6":
        return GROUPS["bindings"]
    if inner[0] in ("templates_docx", "schemas", "resources"):
        return GROUPS["data"]
    if len(inner) == 1 and not name.startswith(("libpython", "python3")) and (
        name.endswith((".so", ".dll")) or ".so." in name
    ):
        return GROUPS["libs"]
    if len(inner) == 1 or inner[0].startswith("python3"):
        return GROUPS["python"]
    return inner[0]


SMALL_GROUP = 250_000


def measure(folder: Path, top: int = 15) -> SizeReport:
    """Bytes on disk of every regular file (symlinks counted once, as their target)."""
    report = SizeReport()
    groups: dict[str, int] = defaultdict(int)
    sizes = []
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        size = path.stat().st_size
        relative = path.relative_to(folder)
        report.total += size
        report.files += 1
        groups[group_of(relative)] += size
        sizes.append((relative.as_posix(), size))
    small = sorted(name for name, total in groups.items() if total < SMALL_GROUP and name not in GROUPS.values())
    if len(small) > 1:
        groups[f"other small folders ({', '.join(small)})"] = sum(groups.pop(name) for name in small)
    report.groups = dict(sorted(groups.items(), key=lambda item: -item[1]))
    report.biggest = sorted(sizes, key=lambda item: -item[1])[:top]
    return report


def make_archive(bundle: Bundle) -> Path:
    """The folder to hand out: a .zip on Windows, a .tar.gz elsewhere (it keeps the symlinks)."""
    sys.path.insert(0, str(ROOT))
    from desktop import __version__

    system = "windows" if WINDOWS else platform.system().lower()
    base = bundle.folder.parent / f"{rules.APP_NAME}-{__version__}-{system}-{platform.machine().lower()}"
    archive_format = "zip" if WINDOWS else "gztar"
    return Path(shutil.make_archive(str(base), archive_format, root_dir=bundle.folder.parent,
                                    base_dir=bundle.folder.name))


# --- report ----------------------------------------------------------------------------------------


def pyinstaller_version() -> str:
    try:
        from importlib.metadata import version

        return version("pyinstaller")
    except Exception:
        return "?"


def markdown_report(size: SizeReport, build_seconds: float | None, smokes: list[SmokeResult],
                    archive: Path | None = None) -> str:
    lines = [
        "# Bundle size and build time (tools/build_bundle.py)",
        "",
        "Written by `tools/build_bundle.py` after each build; numbers are for the platform below.",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; platform: {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, PyInstaller {pyinstaller_version()}",
        "- build (`pyinstaller --noconfirm --clean build.spec`): "
        + (f"**{build_seconds:.0f} s**" if build_seconds is not None else "not rebuilt (--skip-build)"),
        f"- folder `{rules.APP_NAME}/`: **{size.total / MB:.1f} MB** ({size.total / 2**20:.1f} MiB)"
        f" in {size.files} files",
        f"- archive to hand out: `{archive.name}` **{archive.stat().st_size / MB:.1f} MB**" if archive else
        "- archive: not made (--no-archive, or a smoke test failed)",
        "",
        "| part | MB | share |",
        "|---|---:|---:|",
    ]
    for name, total in size.groups.items():
        lines.append(f"| {name} | {total / MB:.1f} | {100 * total / max(size.total, 1):.0f} % |")
    lines += ["", "Biggest files:", "", "| file | MB |", "|---|---:|"]
    lines += [f"| `{name}` | {total / MB:.1f} |" for name, total in size.biggest]
    lines += ["", "Smoke tests of the built program:", "", "| test | result | wall time |", "|---|---|---:|"]
    lines += [f"| {s.name} | {'ok' if s.ok else 'FAILED'}: {s.detail.splitlines()[0] if s.detail else ''} "
              f"| {s.seconds:.2f} s |" for s in smokes]
    return "\n".join(lines) + "\n"


def write_bench(text: str, path: Path = BENCH) -> None:
    """Replace the generated part of bench/build.md, keeping any notes written below the marker."""
    marker = "<!-- notes below are kept by tools/build_bundle.py -->"
    notes = ""
    if path.is_file() and marker in path.read_text(encoding="utf-8"):
        notes = path.read_text(encoding="utf-8").split(marker, 1)[1]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n" + marker + notes, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=DEFAULT_DIST, help="output folder (default build/dist)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="PyInstaller work folder (build/work)")
    parser.add_argument("--skip-build", action="store_true", help="test and measure an existing build")
    parser.add_argument("--no-bench", action="store_true", help="do not rewrite bench/build.md")
    parser.add_argument("--no-archive", action="store_true", help="do not zip (Windows) / tar.gz the folder")
    parser.add_argument("--make-icon", type=Path, nargs="?", const=ICON, default=None, metavar="ICO",
                        help="write vanban.ico (default resources/icons/vanban.ico) from resources/icons/"
                             "vanban.svg or .png, else a drawn icon, then stop")
    args = parser.parse_args(argv)
    if args.make_icon:
        args.make_icon.parent.mkdir(parents=True, exist_ok=True)
        args.make_icon.write_bytes(ico_from_pngs(render_icon_pngs()))
        say(f"wrote {args.make_icon}")
        return 0

    build_seconds = None
    if args.skip_build:
        bundle = Bundle(args.dist / rules.APP_NAME)
    else:
        try:
            bundle, build_seconds = build(args.dist, args.work)
        except RuntimeError as exc:
            say(str(exc))
            return 2
        say(f"built {bundle.folder} in {build_seconds:.0f} s")
    with tempfile.TemporaryDirectory(prefix="vanban-smoke-") as scratch:
        smokes = run_smoke_tests(bundle, Path(scratch))
    size = measure(bundle.folder)
    say(f"size: {size.total / MB:.1f} MB in {size.files} files")
    for name, total in size.groups.items():
        say(f"  {total / MB:7.1f} MB  {name}")
    failed = [s.name for s in smokes if not s.ok]
    archive = None if args.no_archive or failed else make_archive(bundle)  # never hand out a failed build
    if archive:
        say(f"archive: {archive} ({archive.stat().st_size / MB:.1f} MB)")
    if not args.no_bench:
        write_bench(markdown_report(size, build_seconds, smokes, archive))
        say(f"wrote {BENCH.relative_to(ROOT)}")
    if failed:
        say(f"FAILED: {', '.join(failed)}")
        return 1
    say(f"all smoke tests passed; the program is the folder {bundle.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
