"""Signing is an optional extra: the core never imports it, and without it the commands say in
Vietnamese how to install it (issue #14)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import ROOT

EXTRA = ("pyhanko", "pyhanko_certvalidator", "pkcs11", "pikepdf", "pdfminer", "PIL", "fontTools", "uharfbuzz")


def test_no_core_module_mentions_the_signing_package_or_its_libraries():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "desktop" / "core").rglob("*.py")
        for word in ("desktop.signing", "pyhanko", "pikepdf", "pdfminer", "import pkcs11", "from PIL")
        if word in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def _run_blocked(code: str) -> subprocess.CompletedProcess:
    script = textwrap.dedent(f"""
        import sys
        BLOCKED = {EXTRA!r}
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ImportError("blocked: " + name)
        sys.meta_path.insert(0, Block())
        import importlib.util
        real = importlib.util.find_spec
        importlib.util.find_spec = lambda name, *a: None if name.split(".")[0] in BLOCKED else real(name, *a)
    """) + code
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8")


def test_core_and_cli_load_without_the_extra():
    result = _run_blocked(textwrap.dedent("""
        import importlib, pkgutil
        import desktop.core
        for m in pkgutil.walk_packages(desktop.core.__path__, "desktop.core."):
            importlib.import_module(m.name)
        from desktop.cli import build_parser
        build_parser()
        loaded = [name for name in sys.modules if name.split(".")[0] in BLOCKED or name.startswith("desktop.signing")]
        print(loaded)
    """))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_sign_and_verify_without_the_extra_say_how_to_install_it(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    for argv in (["sign", str(pdf), "--p12", "x.p12"], ["verify", str(pdf)]):
        result = _run_blocked(f"from desktop.cli import main\nsys.exit(main({argv!r}))")
        assert result.returncode == 2, result.stderr
        assert "pip install \"vanban[sign]\"" in result.stderr and "Traceback" not in result.stderr
        assert "pyhanko" in result.stderr
