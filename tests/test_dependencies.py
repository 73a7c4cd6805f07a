"""The libraries installed are the ones pyproject.toml admits, and each declared dependency
whose API we call has an upper bound on its major version (the outputs are exercised on the
installed versions by tests/test_export.py: Parquet, CSV and DuckDB)."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

PYPROJECT = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
REQUIREMENTS = [
    Requirement(r)
    for r in [*PROJECT["dependencies"], *(r for group in PROJECT["optional-dependencies"].values() for r in group)]
]  # fmt: skip


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=str)
def test_dependencies_have_an_upper_bound(requirement: Requirement) -> None:
    operators = {spec.operator for spec in requirement.specifier}
    assert operators & {"<", "<=", "==", "~="}, f"{requirement}: no upper bound"


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=str)
def test_dependencies_installed_versions_are_admitted(requirement: Requirement) -> None:
    try:
        installed = version(requirement.name)
    except PackageNotFoundError:
        pytest.skip(f"{requirement.name} is not installed (an optional extra)")
    assert requirement.specifier.contains(installed, prereleases=True), (
        f"{requirement.name} {installed} is outside {requirement.specifier}"
    )
