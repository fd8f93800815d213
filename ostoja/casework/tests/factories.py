# mypy: allow-untyped-calls, allow-untyped-decorators
"""Factories for social work's tests: rows made directly, without the services, for tests that
need a case or an interview to exist. Synthetic data only."""

import datetime
from typing import Any, cast

from django.utils import timezone
from factory.declarations import LazyFunction, SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from ostoja.casework.models import (
    CaseFile,
    Interview,
    InterviewKind,
    InterviewState,
    SocialContract,
    SocialWorkNote,
    WorkerAssignment,
)
from ostoja.partners.models import Institution, InstitutionKind
from ostoja.registry.tests.factories import _HouseholdFactory, _PersonFactory, _UserFactory


def _today() -> datetime.date:
    return timezone.localdate()


class _CaseFileFactory(DjangoModelFactory[CaseFile]):
    class Meta:
        model = CaseFile

    household = SubFactory(_HouseholdFactory)
    opened_on = LazyFunction(_today)


class _InterviewFactory(DjangoModelFactory[Interview]):
    class Meta:
        model = Interview

    case = SubFactory(_CaseFileFactory)
    kind = InterviewKind.FULL
    state = InterviewState.PLANNED
    form_code = "rws-2021"
    form_version = "1"
    worker = SubFactory(_UserFactory)
    need_known_on = LazyFunction(_today)
    due_on = SelfAttribute("need_known_on")


class _NoteFactory(DjangoModelFactory[SocialWorkNote]):
    class Meta:
        model = SocialWorkNote

    case = SubFactory(_CaseFileFactory)
    kind = "wizyta"
    occurred_on = LazyFunction(_today)
    author = SubFactory(_UserFactory)
    what_was_done = "Rozmowa o sytuacji mieszkaniowej rodziny."


class _ContractFactory(DjangoModelFactory[SocialContract]):
    class Meta:
        model = SocialContract

    case = SubFactory(_CaseFileFactory)
    person = SubFactory(_PersonFactory)
    variant = "A"
    worker = SubFactory(_UserFactory)
    valid_from = LazyFunction(_today)
    valid_to = LazyFunction(lambda: _today() + datetime.timedelta(days=90))
    problem = "Zadłużenie czynszowe."
    goals = "Spłata zadłużenia w ratach."


class _InstitutionFactory(DjangoModelFactory[Institution]):
    class Meta:
        model = Institution

    name = Sequence(lambda n: f"Poradnia Rodzinna nr {n + 1}")
    kind = InstitutionKind.COUNSELLING
    town = "Dębowo"


def CaseFileFactory(**kwargs: Any) -> CaseFile:
    """A case file; `worker=` also assigns a social worker from the day it was opened."""
    worker = kwargs.pop("worker", None)
    case = cast(CaseFile, _CaseFileFactory(**kwargs))
    if worker is not None:
        WorkerAssignment.objects.create(case=case, worker=worker, valid_from=case.opened_on)
    return case


def InterviewFactory(**kwargs: Any) -> Interview:
    return cast(Interview, _InterviewFactory(**kwargs))


def NoteFactory(**kwargs: Any) -> SocialWorkNote:
    return cast(SocialWorkNote, _NoteFactory(**kwargs))


def ContractFactory(**kwargs: Any) -> SocialContract:
    return cast(SocialContract, _ContractFactory(**kwargs))


def InstitutionFactory(**kwargs: Any) -> Institution:
    return cast(Institution, _InstitutionFactory(**kwargs))
