"""Institutions for the directory's tests (social work's factories sit above this app)."""

from typing import Any

from ostoja.partners.models import Institution, InstitutionKind

_counter = {"n": 0}


def InstitutionFactory(**kwargs: Any) -> Institution:
    _counter["n"] += 1
    fields = {
        "name": f"Poradnia Rodzinna nr {_counter['n']}",
        "kind": InstitutionKind.COUNSELLING,
        "town": "Dębowo",
        **kwargs,
    }
    return Institution.objects.create(**fields)
