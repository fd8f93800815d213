"""Views are glue: they never open transactions nor write models; services do.

import-linter forbids `django.db.transaction` in views (pyproject.toml); this test reads every
views module and fails on a model write (`.save()`, `.delete()`, `.create()`, `.update()`,
`bulk_create`, `.set()` of a relation) written in it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WRITES = {"save", "delete", "create", "update", "bulk_create", "bulk_update", "get_or_create"}
WRITES |= {"update_or_create", "set", "add", "remove", "clear"}
# Calls on these names that are not model writes: messages, forms, template contexts.
ALLOWED_RECEIVERS = {"messages", "form", "data", "context", "page"}


def _views_modules() -> list[Path]:
    files = [*ROOT.glob("*/views.py"), *ROOT.glob("*/views/*.py")]
    return sorted(path for path in files if "tests" not in path.parts)


def _writes_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in WRITES:
            continue
        receiver = node.func.value
        name = receiver.id if isinstance(receiver, ast.Name) else getattr(receiver, "attr", "")
        if name in ALLOWED_RECEIVERS:
            continue
        found.append(f"{path.name}:{node.lineno} .{node.func.attr}()")
    return found


def test_there_are_views_to_check() -> None:
    assert len(_views_modules()) >= 4


@pytest.mark.parametrize("path", _views_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_write_no_models(path: Path) -> None:
    assert _writes_in(path) == []


def test_the_check_finds_a_write(tmp_path: Path) -> None:
    sample = tmp_path / "views.py"
    sample.write_text("def view(request, person):\n    person.save()\n    messages.add(1)\n")
    assert len(_writes_in(sample)) == 1
