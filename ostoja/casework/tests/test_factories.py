"""The factories make rows the database accepts (its constraints hold them)."""

import pytest

from ostoja.casework.models import CaseState
from ostoja.casework.tests.factories import (
    CaseFileFactory,
    ContractFactory,
    InstitutionFactory,
    InterviewFactory,
    NoteFactory,
)

pytestmark = pytest.mark.django_db


def test_every_factory_makes_a_valid_row(social_worker: object) -> None:
    case = CaseFileFactory(worker=social_worker)
    assert case.state == CaseState.OPEN
    assert case.assignments.get().worker == social_worker
    for row in (
        InterviewFactory(case=case),
        NoteFactory(case=case),
        ContractFactory(case=case),
        InstitutionFactory(),
    ):
        row.full_clean()
