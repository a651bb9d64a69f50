"""pyproject.toml, environment.yml and requirements.lock describe one environment.

A conda user (environment.yml) and a pip user (``make``: requirements.lock, then
pyproject.toml) must get the same packages at the same versions, or stored notebook
outputs stop reproducing.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import entry_points, packages_distributions, version
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
ENVIRONMENT = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
LOCK = (REPO / "requirements.lock").read_text(encoding="utf-8")


def declared_requirements() -> list[str]:
    """pyproject's runtime dependencies and its ``dev`` extra."""
    project = PYPROJECT["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["dev"]]


def environment_pip_lines(environment: dict) -> list[str]:
    """The requirement lines of environment.yml's ``pip:`` list (options such as ``-e .`` left out)."""
    pip = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(pip) == 1, "environment.yml needs exactly one pip: list"
    return [line for line in pip[0] if not line.startswith("-")]


def lock_pins(text: str) -> dict[str, str]:
    """requirements.lock: normalised name -> pinned version."""
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", line
            pins[canonicalize_name(req.name)] = spec.version
    return pins


def disagreements(declared: list[str], pinned: list[str], lock: dict[str, str]) -> list[str]:
    """Every way ``pinned`` (environment.yml) fails to match ``declared`` (pyproject) and ``lock``."""
    problems = []
    wanted: dict[str, SpecifierSet] = {}
    for line in declared:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        if name in wanted:
            problems.append(f"{name}: declared twice in pyproject.toml")
        wanted[name] = req.specifier
    pins: dict[str, str] = {}
    for line in pinned:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        exact = [s.version for s in req.specifier if s.operator == "=="]
        if name in pins:
            problems.append(f"{name}: listed twice in environment.yml")
        if len(exact) != 1 or len(req.specifier) != 1:
            problems.append(f"{name}: environment.yml must pin one exact version (name==X), not {line!r}")
            continue
        pins[name] = exact[0]
    for name in sorted(wanted.keys() - pins.keys()):
        problems.append(f"{name}: in pyproject.toml but not in environment.yml")
    for name in sorted(pins.keys() - wanted.keys()):
        problems.append(f"{name}: in environment.yml but not in pyproject.toml")
    for name in sorted(wanted.keys() & pins.keys()):
        if not wanted[name].contains(pins[name], prereleases=True):
            problems.append(f"{name}: environment.yml pins {pins[name]}, outside pyproject's {wanted[name]}")
    for name, pin in sorted(pins.items()):
        if name not in lock:
            problems.append(f"{name}: not in requirements.lock")
        elif lock[name] != pin:
            problems.append(f"{name}: environment.yml pins {pin}, requirements.lock {lock[name]}")
    return problems


def test_pyproject_environment_and_lock_agree() -> None:
    pinned = environment_pip_lines(ENVIRONMENT)
    assert disagreements(declared_requirements(), pinned, lock_pins(LOCK)) == []
    assert len(pinned) == len(declared_requirements()) >= 6


NLTK = {"nltk": "3.10.4"}


@pytest.mark.parametrize(
    ("declared", "pinned", "lock", "problem"),
    [
        (["nltk>=3.9"], ["nltk==3.10.4"], NLTK, None),
        (["nltk>=3.9", "pandas>=2"], ["nltk==3.10.4"], NLTK, "pandas: in pyproject.toml but not"),
        (["nltk>=3.9"], ["nltk==3.10.4", "scipy==1.1"], {**NLTK, "scipy": "1.1"}, "scipy: in environment"),
        (["nltk>=3.9"], ["nltk==3.8"], {"nltk": "3.8"}, "nltk: environment.yml pins 3.8, outside"),
        (["nltk>=3.9"], ["nltk==3.10.4"], {"nltk": "3.10.3"}, "requirements.lock 3.10.3"),
        (["nltk>=3.9"], ["nltk==3.10.4"], {}, "nltk: not in requirements.lock"),
        (["nltk>=3.9"], ["nltk>=3.9"], NLTK, "must pin one exact version"),
        (["PyYAML>=6"], ["pyyaml==6.0.3"], {"pyyaml": "6.0.3"}, None),  # names are normalised
        (["adjustText>=1"], ["adjusttext==1.4.0"], {"adjusttext": "1.4.0"}, None),
        (["nltk>=3.9", "NLTK"], ["nltk==3.10.4"], NLTK, "declared twice"),
    ],
)
def test_disagreements_are_found(
    declared: list[str], pinned: list[str], lock: dict[str, str], problem: str | None
) -> None:
    found = disagreements(declared, pinned, lock)
    if problem is None:
        assert found == []
    else:
        assert any(problem in p for p in found), found


def test_lock_names_are_normalised_when_read() -> None:
    pins = lock_pins("# comment\nPyYAML==6.0.3\nadjustText==1.4.0\n")
    assert pins == {"pyyaml": "6.0.3", "adjusttext": "1.4.0"}


def test_environment_python_satisfies_requires_python() -> None:
    pythons = [d for d in ENVIRONMENT["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert len(pythons) == 1
    conda_version = pythons[0].split("=", 1)[1].lstrip("=")
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(conda_version)
    assert "-e ." in next(d for d in ENVIRONMENT["dependencies"] if isinstance(d, dict))["pip"]


def test_installed_versions_are_the_locked_ones() -> None:
    """The environment running the tests is the pinned one (what `make` installs)."""
    lock = lock_pins(LOCK)
    for line in declared_requirements():
        name = canonicalize_name(Requirement(line).name)
        assert canonicalize_name(version(name)) == canonicalize_name(lock[name]), name


def third_party_imports(folder: Path) -> set[str]:
    """Top-level names of the non-standard-library modules imported by the .py files in ``folder``."""
    names, local = set(), {p.stem for p in folder.rglob("*.py")}  # sibling modules are not packages
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in {"research_utils", *local}}


def distributions_of(modules: set[str]) -> dict[str, set[str]]:
    mapping = packages_distributions()
    return {m: {canonicalize_name(d) for d in mapping.get(m, [m])} for m in sorted(modules)}


def test_every_package_src_imports_is_a_runtime_dependency() -> None:
    runtime = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["project"]["dependencies"]}
    imported = distributions_of(third_party_imports(REPO / "src" / "research_utils"))
    assert "nltk" in imported and "pandas" in imported
    undeclared = {m: d for m, d in imported.items() if not d & runtime}
    assert undeclared == {}, "add these to pyproject dependencies and environment.yml"


def test_every_package_the_tests_import_is_declared() -> None:
    declared = {canonicalize_name(Requirement(r).name) for r in declared_requirements()}
    imported = distributions_of(third_party_imports(REPO / "tests"))
    assert "hypothesis" in imported
    undeclared = {m: d for m, d in imported.items() if not d & declared}
    assert undeclared == {}, "add these to pyproject's dev extra and environment.yml"


def test_console_script_is_declared_and_installed() -> None:
    assert PYPROJECT["project"]["scripts"]["research-utils"] == "research_utils.cli:main"
    (script,) = entry_points(group="console_scripts", name="research-utils")
    from research_utils.cli import main

    assert script.load() is main
