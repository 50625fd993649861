"""The dependency order of docs/architecture.md, checked by machine (issue 16 item 2).

The import contracts live in pyproject.toml ([tool.importlinter]); `lint-imports` runs them in
scripts/test. These tests run the same contracts in-process, show that a new upward import or a
new database import in a pure module would break them, and keep the docs in step: the diagram
of docs/architecture.md, the contract's layers and the README's map of apps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest
from importlinter.adapters.building import GraphBuilder
from importlinter.application.app_config import settings as linter_settings
from importlinter.application.use_cases import create_report, lint_imports, read_user_options
from importlinter.configuration import configure

configure()  # the adapters (file system, graph builder) that the `lint-imports` command sets up
ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = str(ROOT / "pyproject.toml")
APPS = {p.name for p in (ROOT / "motcua").iterdir() if (p / "__init__.py").exists()}


class _GraphWith(GraphBuilder):
    """The real import graph, plus imports that no file makes (yet)."""

    def __init__(self, *imports: tuple[str, str]) -> None:
        self.imports = imports

    def build(self, *args: object, **kwargs: object) -> grimp.ImportGraph:
        graph = super().build(*args, **kwargs)  # type: ignore[arg-type]
        for importer, imported in self.imports:
            for package in _packages_of(importer):  # a new app is a new package
                if package not in graph.modules:
                    graph.add_module(package)
            graph.add_import(
                importer=importer,
                imported=imported,
                line_number=1,
                line_contents=f"import {imported}",
            )
        return graph


def _packages_of(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:n]) for n in range(2, len(parts))]


@pytest.fixture
def broken_contracts() -> Iterator[object]:
    """Run the contracts of pyproject.toml on the graph plus some imports; the ids broken."""
    real = linter_settings.GRAPH_BUILDER

    def run(*imports: tuple[str, str]) -> set[str]:
        linter_settings.configure(GRAPH_BUILDER=_GraphWith(*imports))
        report = create_report(read_user_options(PYPROJECT), cache_dir=None)
        return {
            contract.contract_options["id"]
            for contract, check in report.get_contracts_and_checks()
            if not check.kept
        }

    yield run
    linter_settings.configure(GRAPH_BUILDER=real)


def _layer_lines() -> list[str]:
    """The layers contract's layers as written, top first: "portal | backoffice"."""
    options = read_user_options(PYPROJECT).contracts_options
    return list(next(c for c in options if c["id"] == "layers")["layers"])


def _layers() -> list[set[str]]:
    """The layers, top first, each a set of app names."""
    return [{name.strip() for name in re.split(r"[|:]", line)} for line in _layer_lines()]


def _height() -> dict[str, int]:
    """Each app's layer counted from the bottom: an app may import only apps of lower height."""
    layers = _layers()
    return {app: len(layers) - i for i, layer in enumerate(layers) for app in layer}


def _diagram_arrows() -> set[tuple[str, str]]:
    """The (lower, higher) pairs of the diagram under "Apps and the direction of dependencies"."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text.split("## Apps and the direction of dependencies", 1)[1]
    diagram = section.split("```", 2)[1]
    arrows = set()
    for line in diagram.strip().splitlines():
        groups = [re.sub(r"\([^)]*\)", "", g).strip(" {}") for g in line.split("←")]
        apps = [{a.strip() for a in g.split(",") if a.strip()} for g in groups]
        for lower, higher in zip(apps, apps[1:], strict=False):
            arrows |= {(x, y) for x in lower for y in higher}
    return arrows


def test_the_import_contracts_are_kept(capsys: pytest.CaptureFixture[str]) -> None:
    kept = lint_imports(config_filename=PYPROJECT, cache_dir=None, no_logo=True)
    assert kept, capsys.readouterr().out


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("motcua.dossiers.workflow", "motcua.portal.views"),  # domain → citizen pages
        ("motcua.lib.ratelimit", "motcua.units.models"),  # the bottom reaching up
        ("motcua.dossiers.models", "motcua.notifications.sending"),  # dossiers → what reacts to it
        ("motcua.notifications.sending", "motcua.backoffice.access"),  # a new one, beside the known
        ("motcua.portal.views", "motcua.backoffice.views"),  # independent siblings
        ("motcua.results.models", "motcua.payments.models"),  # independent siblings
    ],
)
def test_a_new_upward_or_sideways_import_breaks_the_layers(broken_contracts, importer, imported):
    assert broken_contracts((importer, imported)) == {"layers"}


def test_a_new_import_cycle_between_apps_breaks_the_layers(broken_contracts):
    cycle = [
        ("motcua.catalog.search", "motcua.deadlines.provider"),
        ("motcua.deadlines.provider", "motcua.catalog.models"),
    ]
    assert broken_contracts(*cycle) == {"layers"}


def test_a_new_app_must_take_its_place_in_the_order(broken_contracts):
    assert broken_contracts(("motcua.newapp.views", "motcua.lib.text")) == {"layers"}


def test_a_downward_import_keeps_every_contract(broken_contracts):
    assert broken_contracts(("motcua.backoffice.views", "motcua.payments.states")) == set()


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("motcua.reports.kpis", "motcua.dossiers.models"),  # a model
        ("motcua.catalog.fees", "django.db"),  # the ORM itself
        ("motcua.deadlines.rules", "motcua.dossiers.queries"),  # a model through another module
    ],
)
def test_a_database_import_in_a_pure_module_breaks_the_pure_contract(
    broken_contracts, importer, imported
):
    assert "pure" in broken_contracts((importer, imported))


def test_the_layers_keep_every_arrow_of_the_diagram():
    height = _height()
    arrows = _diagram_arrows()
    assert {app for arrow in arrows for app in arrow} == APPS == set(height)
    upward = sorted((x, y) for x, y in arrows if height[x] >= height[y])
    assert not upward, f"the layers let these lower apps import higher ones: {upward}"


def test_the_pure_contract_covers_the_pure_modules_of_the_table():
    options = read_user_options(PYPROJECT).contracts_options
    checked = set(next(c for c in options if c["id"] == "pure")["source_modules"])
    table = re.findall(
        r"^\| `(\w+)` \|.*\|(.*)\|$",
        (ROOT / "docs" / "architecture.md").read_text(),
        flags=re.MULTILINE,
    )
    named = {
        f"motcua.{app}.{name}" for app, pure in table for name in re.findall(r"`(\w+)\.py`", pure)
    }
    assert named == checked


def test_the_architecture_page_shows_the_contracts_order():
    text = " ".join((ROOT / "docs" / "architecture.md").read_text().split())
    assert " → ".join(f"`{line}`" for line in _layer_lines()) in text


def test_the_readme_lists_every_app_bottom_up():
    readme = (ROOT / "README.md").read_text()
    listed = re.findall(r"^\| `motcua/(\w+)/` \|", readme, flags=re.MULTILINE)
    assert set(listed) == APPS
    height = _height()
    heights = [height[app] for app in listed]
    assert heights == sorted(heights), "README's map must list lower apps first"
