"""An assessment's reasons as a person reads them: the members named, not numbered.

The rules see a frozen household whose members are numbered ("o1", "o2", …: `assessment_input`)
and their reasons say "dziecko „o3”" or "Opiekunem jest o1". The assessment keeps which person
each number stood for (`Assessment.persons`); the assessment page and the decision's
justification put the person's name in the number's place.
"""

import re
from collections.abc import Mapping
from typing import Any

from ostoja.benefits.models import Assessment
from ostoja.registry.models import Person

# A member's number as the rules write it, never part of a longer word or number.
_MEMBER_ID = re.compile(r"(?<![\w.])o\d+(?![\w])")


def member_names(assessment: Assessment) -> dict[str, str]:
    """The frozen household's member numbers ("o1") with the names of the persons they stand
    for ("Maria Lipowska")."""
    persons = {str(key): value for key, value in (assessment.persons or {}).items()}
    rows = Person.objects.filter(pk__in=persons.values()).values_list(
        "pk", "first_names", "surname"
    )
    names = {pk: f"{first} {surname}" for pk, first, surname in rows}
    return {member: names[pk] for member, pk in persons.items() if pk in names}


def named(text: str, names: Mapping[str, str]) -> str:
    """The text with each member number the assessment knows replaced by the member's name; a
    number it does not know stays as it is."""
    return _MEMBER_ID.sub(lambda found: names.get(found[0], found[0]), text)


def reason_texts(assessment: Assessment) -> list[tuple[Mapping[str, Any], str]]:
    """Each stored reason with its text, the members named."""
    names = member_names(assessment)
    reasons = (assessment.result or {}).get("reasons", [])
    return [(reason, named(str(reason.get("text") or "").strip(), names)) for reason in reasons]
