"""The CI workflows (.github/workflows/windows.yml, linux.yml) load as YAML and do what the README
promises: every supported Python, the README's own commands, the bundle with its smoke test, the
installer, artifacts — and nothing that needs a secret, so a fork runs them as they are."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def supported_pythons() -> list[str]:
    """3.11 up to 3.13: requires-python's floor and every minor version after it we promise."""
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    floor = int(re.fullmatch(r">=3\.(\d+)", spec).group(1))
    return [f"3.{minor}" for minor in range(floor, 14)]


def steps_text(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


@pytest.mark.parametrize("name", ["windows.yml", "linux.yml"])
def test_workflow_loads_and_runs_on_any_fork(name):
    data = load(name)
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert {"push", "pull_request", "workflow_dispatch"} <= set(data["on"])
    assert "secrets." not in text and "${{ vars." not in text
    assert data["permissions"] == {"contents": "read"}
    for job in data["jobs"].values():
        assert job["runs-on"] in ("windows-latest", "ubuntu-latest")  # GitHub-hosted: every fork has them
        assert all(("uses" in step) != ("run" in step) for step in job["steps"])
        assert any(step.get("uses", "").startswith("actions/checkout@") for step in job["steps"])


def test_windows_tests_every_supported_python_as_the_readme_says():
    job = load("windows.yml")["jobs"]["test"]
    assert job["runs-on"] == "windows-latest"
    assert job["strategy"]["matrix"]["python"] == supported_pythons()
    assert "py -${{ matrix.python }} tasks.py test" in steps_text(job)
    assert "py tasks.py test" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_windows_builds_smoke_tests_and_uploads_the_bundle_and_installer():
    job = load("windows.yml")["jobs"]["bundle"]
    text = steps_text(job)
    assert job["runs-on"] == "windows-latest"
    assert "tasks.py setup" in text
    assert r".venv\Scripts\python tools\build_bundle.py" in text  # build.spec + smoke (render, check, start, quit)
    assert "ISCC.exe" in text and r"installer\vanban.iss" in text and "/DAppVersion=" in text
    assert "desktop.__version__" in text
    uploads = [step["with"]["path"] for step in job["steps"]
               if step.get("uses", "").startswith("actions/upload-artifact")]
    assert any(path.endswith(".zip") for path in uploads) and any(path.endswith("-setup.exe") for path in uploads)


def test_linux_runs_what_ci_runs_on_every_supported_python():
    data = load("linux.yml")
    test = data["jobs"]["test"]
    assert test["strategy"]["matrix"]["python"] == supported_pythons()
    assert ".ci/run" in steps_text(test)
    assert "python3 tasks.py test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    bundle = steps_text(data["jobs"]["bundle"])
    assert "tools/build_bundle.py" in bundle and "upload-artifact" in bundle
