"""The GitHub workflows: valid for GitHub, no high-severity zizmor finding, and a Pages build that
uses the address configure-pages reports."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import REPO, MakeSite, review_text

WORKFLOWS = REPO / ".github" / "workflows"
PAGES, CI = WORKFLOWS / "pages.yml", WORKFLOWS / "ci.yml"
SCRIPTS = Path(sysconfig.get_path("scripts"))
SCHEMA = "vendor.github-workflows"  # built into check-jsonschema: no download


def load(path: Path) -> dict[Any, Any]:
    """A workflow as data (PyYAML reads the key `on` as True; we only read other keys)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps_of(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    steps = workflow["jobs"][job]["steps"]
    assert isinstance(steps, list)
    return steps


def step_using(steps: list[dict[str, Any]], action: str) -> tuple[int, dict[str, Any]]:
    found = [(i, s) for i, s in enumerate(steps) if s.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, f"expected one step using {action}"
    return found[0]


def step_running(steps: list[dict[str, Any]], command: str) -> tuple[int, dict[str, Any]]:
    found = [(i, s) for i, s in enumerate(steps) if command in s.get("run", "")]
    assert len(found) == 1, f"expected one step running {command}"
    return found[0]


@pytest.mark.parametrize("workflow", [PAGES, CI], ids=lambda p: p.name)
def test_workflow_matches_githubs_schema(workflow: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", SCHEMA, str(workflow)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_no_high_severity_issue() -> None:
    result = subprocess.run(
        [str(SCRIPTS / "zizmor"), "--offline", "--format", "json", str(WORKFLOWS)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.startswith("["), result.stderr
    findings = json.loads(result.stdout)
    high = [
        f"{f['ident']}: {f['desc']}" for f in findings if f["determinations"]["severity"] == "High"
    ]
    assert high == []


def test_every_action_is_pinned_to_a_commit_of_a_release() -> None:
    for workflow in (PAGES, CI):
        uses = re.findall(r"uses: (\S+)(.*)", workflow.read_text(encoding="utf-8"))
        assert uses
        for ref, comment in uses:
            assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", ref), ref
            assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), f"{ref} needs its version"


def test_pages_jobs_have_least_privilege_and_deploy_one_at_a_time() -> None:
    workflow = load(PAGES)
    assert workflow["permissions"] == {}
    assert workflow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    step_using(steps_of(workflow, "deploy"), "actions/deploy-pages")
    checkout = step_using(steps_of(workflow, "build"), "actions/checkout")[1]
    assert checkout["with"]["persist-credentials"] is False
    python = step_using(steps_of(workflow, "build"), "actions/setup-python")[1]
    assert python["with"]["cache"] == "pip"


def test_ci_runs_the_test_script_on_every_supported_python() -> None:
    workflow = load(CI)
    assert set(workflow[True]) == {"push", "pull_request"}
    job = workflow["jobs"]["test"]
    assert job["strategy"]["matrix"]["python-version"] == ["3.10", "3.11", "3.12", "3.13"]
    assert step_running(job["steps"], ".ci/run")
    python = step_using(job["steps"], "actions/setup-python")[1]
    assert python["with"]["python-version"] == "${{ matrix.python-version }}"


def build_step(workflow: dict[Any, Any]) -> tuple[dict[str, Any], str]:
    """The Pages build step and the variable through which it gets configure-pages' base_url."""
    steps = steps_of(workflow, "build")
    configure_at, configure = step_using(steps, "actions/configure-pages")
    build_at, build = step_running(steps, "vhsheaven build")
    assert configure_at < build_at
    wanted = "${{ steps." + configure["id"] + ".outputs.base_url }}"
    names = [name for name, value in build.get("env", {}).items() if value == wanted]
    assert len(names) == 1, f"the build step must get {wanted} through env:"
    return build, names[0]


def test_pages_build_runs_vhsheaven_build_with_the_configure_pages_base_url(
    make_site: MakeSite,
) -> None:
    workflow = load(PAGES)
    build, variable = build_step(workflow)
    assert f'--base-url "${variable}"' in build["run"]
    upload = step_using(steps_of(workflow, "build"), "actions/upload-pages-artifact")[1]
    # Run the step's own script the way the runner does, with a project site's address.
    root = make_site({"content/reviews/x.md": review_text("X")})
    check = step_running(steps_of(workflow, "build"), "vhsheaven check")[1]
    env = {**os.environ, "PATH": f"{SCRIPTS}{os.pathsep}{os.environ['PATH']}"}
    env[variable] = "https://user.github.io/my-tapes"  # configure-pages gives no trailing slash
    for step in (check, build):
        result = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    out = root / upload["with"]["path"]
    page = BeautifulSoup((out / "reviews/x/index.html").read_text("utf-8"), "html.parser")
    assert page.select_one("a.back-link")["href"] == "/my-tapes/"
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == "https://user.github.io/my-tapes/reviews/x/"


def test_pages_build_restores_and_saves_the_build_cache_before_building() -> None:
    steps = steps_of(load(PAGES), "build")
    cache_at, cache = step_using(steps, "actions/cache")
    build_at, _ = step_running(steps, "vhsheaven build")
    assert cache_at < build_at
    assert cache["with"]["path"] == ".vhsheaven-cache"
    # A key unique to the commit, so every run saves; the prefix restores the newest one.
    assert cache["with"]["key"].endswith("-${{ github.sha }}")
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])
