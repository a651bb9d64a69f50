"""The package's shape: stages import only earlier stages, no cycles, small modules, lazy models."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "research_utils"
#: Stages in data-flow order; a stage may import the shared modules and earlier stages only.
STAGES = ("ingest", "annotate", "analyse", "figures", "report")
SHARED = {"config", "errors", "files", "outputs", "schemas", "tables", "progress", "study", "engine"}
#: Modules above the stages: they may import everything.
TOP = {"pipeline", "cli", "_cli_parser", "docs", "__init__", "__main__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__") or "__init__"


def imported_modules(path: Path) -> set[str]:
    """Package modules that ``path`` imports (relative imports resolved), top-level or not."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                found.add(target)
                if node.module is None:
                    found |= {".".join([*base, a.name]) for a in node.names}
            elif node.module and node.module.startswith("research_utils"):
                found.add(node.module.removeprefix("research_utils").lstrip("."))
    return {f for f in found if f}


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _stage(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _stage(m) in STAGES))
def test_a_stage_imports_only_shared_modules_and_earlier_stages(module: str) -> None:
    own = STAGES.index(_stage(module))
    for target in imported_modules(MODULES[module]):
        top = _stage(target)
        assert top in SHARED or (top in STAGES and STAGES.index(top) <= own), f"{module} imports {target}"


def test_keyness_depends_on_nothing_above_the_tables() -> None:
    assert imported_modules(MODULES["analyse.keyness"]) <= {"config", "errors", "tables"}


def test_there_is_no_import_cycle() -> None:
    graph = {m: {t for t in imported_modules(p) if t in MODULES and t != m} for m, p in MODULES.items()}
    # a package's __init__ re-exports its modules: edges into an __init__ from its own modules are fine
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if node.startswith(nxt + ".") or nxt == node.split(".")[0]:
                continue  # a module importing its own package
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for module in graph:
        if module not in state:
            visit(module, [])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_400_lines(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{module}: {lines} lines"


def test_long_functions_say_why() -> None:
    long = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 65:
                doc = ast.get_docstring(node) or ""
                if "long because" not in doc.lower():
                    long.append(f"{module}.{node.name} ({node.end_lineno - node.lineno + 1} lines)")
    assert not long, (
        "functions over ~60 lines without a reason ('long because ...') in the docstring: " + ", ".join(long)
    )


def test_no_module_shadows_the_standard_library() -> None:
    stdlib = set(sys.stdlib_module_names)
    assert not [m for m in MODULES if m.split(".")[-1] in stdlib and "." not in m]


def test_reading_a_users_instruments_loads_no_nltk_model() -> None:
    code = (
        "from research_utils.analyse import read_actors, read_codebook, read_reporting_verbs\n"
        "from research_utils.analyse import read_terms_map\n"
        "from research_utils.annotate import models\n"
        "read_terms_map('instruments/terms.csv'); read_actors('instruments/actors.csv')\n"
        "read_codebook('instruments/codebook.yaml'); read_reporting_verbs()\n"
        "loaders = ['sentence_splitter', 'tagger', 'lemmatizer', 'stop_words', 'universal_tags',"
        " 'sentiment_analyzer']\n"
        "print(sorted(n for n in loaders if getattr(models, n).cache_info().currsize))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_importing_the_package_and_its_stages_loads_no_model_and_no_nltk() -> None:
    code = (
        "import sys\n"
        "import research_utils, research_utils.ingest, research_utils.config, research_utils.tables\n"
        "print('nltk' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
