"""The printed interview, laid out like the paper form of its questionnaire: the centre's
header, the title and legal basis, the interview's dates, the parts and segments of its kind in
order with every answer in Polish, segment A's registry data as tables, the statements and the
signature blocks; the print is logged with the persons it shows."""

import datetime
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from django.urls import reverse
from time_machine import TimeMachineFixture

from ostoja.casework.documents import (
    empty_questionnaire_pdf,
    interview_context,
    interview_filename,
    interview_pdf,
)
from ostoja.casework.models import (
    Interview,
    InterviewAttempt,
    InterviewKind,
    InterviewState,
)
from ostoja.casework.questionnaire import (
    AnswerType,
    Question,
    Questionnaire,
    clean_answer,
    get_questionnaire,
    questionnaire_for,
)
from ostoja.casework.tests.documents.conftest import flat, in_order, pdf_text, save_artifact
from ostoja.casework.tests.factories import CaseFileFactory, InterviewFactory
from ostoja.core.models import AccessLog
from ostoja.registry.models import Membership
from ostoja.registry.tests.factories import IncomeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
CONDUCTED = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def today(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC), tick=False)


def form(kind: str = InterviewKind.FULL) -> Questionnaire:
    return questionnaire_for(kind, CONDUCTED)


@cache
def empty_form(kind: str) -> bytes:
    """The empty form of a kind (no database, no family: made once for the module)."""
    return empty_questionnaire_pdf(form(), kind)


def first_of(questionnaire: Questionnaire, kind: str, answer_type: str) -> Question | None:
    for question in questionnaire.questions_for(kind):
        if question.type == answer_type:
            return question
    return None


def headings_of(questionnaire: Questionnaire, kind: str) -> list[str]:
    """The titles of the kind's parts and segments, in the form's order."""
    headings = []
    for part in questionnaire.parts_for(kind):
        headings.append(part.title)
        headings.extend(segment.title for segment in part.segments)
    return headings


# A raw answer per type, as the form sends it, and the Polish the print shows, worked out by
# hand: a date is d.m.Y, yes is "tak", an integer is its digits.
RAW = {
    AnswerType.TEXT: ("Mieszkanie komunalne, dwa pokoje", "Mieszkanie komunalne, dwa pokoje"),
    AnswerType.LONG_TEXT: ("Rodzina zalega z czynszem od marca.", "zalega z czynszem od marca"),
    AnswerType.INTEGER: ("3", "3"),
    AnswerType.DATE: ("2026-11-02", "02.11.2026"),
    AnswerType.YES_NO: ("tak", "tak"),
}


def name_family(household: Any) -> list[Membership]:
    members = list(household.memberships.order_by("pk"))
    names = [("Grażyna", "Żółkiewska"), ("Łucja", "Żółkiewska"), ("Ignacy", "Żółkiewski")]
    for membership, (first, surname) in zip(members, names, strict=False):
        membership.person.first_names, membership.person.surname = first, surname
        membership.person.save()
    return members


def filled_interview(
    household: Any, worker: Any, **kwargs: Any
) -> tuple[Interview, dict[str, str]]:
    """A completed full interview with an answer of every simple type; returns the expected
    Polish text of each answered key."""
    questionnaire = form()
    answers: dict[str, Any] = {}
    expected: dict[str, str] = {}
    for answer_type, (raw, shown) in RAW.items():
        question = first_of(questionnaire, InterviewKind.FULL, answer_type)
        if question is not None:
            answers[question.key] = clean_answer(question, raw)
            expected[question.key] = shown
    choice = first_of(questionnaire, InterviewKind.FULL, AnswerType.CHOICE)
    if choice is not None:
        answers[choice.key] = clean_answer(choice, choice.choices[0].code)
        expected[choice.key] = choice.choices[0].label
    case = getattr(household, "case_file", None) or CaseFileFactory(
        household=household, worker=worker, opened_on=datetime.date(2026, 10, 1)
    )
    values: dict[str, Any] = {
        "case": case,
        "worker": worker,
        "kind": InterviewKind.FULL,
        "state": InterviewState.COMPLETED,
        "form_code": questionnaire.code,
        "form_version": questionnaire.version,
        "need_known_on": datetime.date(2026, 11, 3),
        "due_on": datetime.date(2026, 11, 24),
        "conducted_on": CONDUCTED,
        "place": "Dębowo, ul. Lipowa 1",
        "answers": answers,
    }
    values.update(kwargs)
    return InterviewFactory(**values), expected


class TestInterviewPdf:
    def test_laid_out_like_the_form_with_the_answers_in_polish(
        self, household_north: Any, social_worker: Any
    ) -> None:
        social_worker.first_name, social_worker.last_name = "Alicja", "Nowak"
        social_worker.save()
        members = name_family(household_north)
        IncomeFactory(
            person=members[0].person,
            month=datetime.date(2026, 10, 1),
            gross=Decimal("2500.00"),
            tax=Decimal("0"),
            health=Decimal("0"),
            social=Decimal("0"),
        )
        interview, expected = filled_interview(household_north, social_worker)
        content = interview_pdf(interview)
        save_artifact("wywiad-pelny.pdf", content)
        assert content.startswith(b"%PDF")
        text = pdf_text(content)
        questionnaire = form()

        assert in_order(
            text,
            "Gminny Ośrodek Pomocy Społecznej",
            questionnaire.title.upper(),
            "wywiad pełny" if "wywiad pełny" in text else interview.get_kind_display(),
            "03.11.2026",  # need known
            "20.11.2026",  # conducted
            "Dębowo, ul. Lipowa 1",
            "Alicja Nowak",
        )
        assert flat(questionnaire.legal_basis) in flat(text)
        assert in_order(text, *headings_of(questionnaire, InterviewKind.FULL))
        for key, shown in expected.items():
            assert shown in flat(text), key
        # segment A from the registry: the members and the income of October
        for membership in members:
            assert membership.person.full_name in text
        assert "2 500,00 zł" in text
        assert in_order(
            text,
            "podpis pracownika socjalnego",
            "podpis osoby, z którą przeprowadzono wywiad",
        )
        assert "strona 1 z" in text
        assert "Grażyna Żółkiewska · wywiad z dnia 20.11.2026" in text

    def test_every_required_question_unanswered_is_a_blank_not_an_error(
        self, household_north: Any, social_worker: Any
    ) -> None:
        interview, _expected = filled_interview(household_north, social_worker, answers={})
        text = pdf_text(interview_pdf(interview))
        assert "strona 1 z" in text

    def test_uncertain_segments_carry_the_footnote(
        self, household_north: Any, social_worker: Any
    ) -> None:
        interview, _expected = filled_interview(household_north, social_worker)
        context = interview_context(interview)
        text = pdf_text(interview_pdf(interview))
        note = "treść segmentu do potwierdzenia z rozporządzeniem"
        assert (note in flat(text)) == context["any_uncertain"]

    def test_a_correction_says_its_version_and_reason(
        self, household_north: Any, social_worker: Any
    ) -> None:
        first, _expected = filled_interview(household_north, social_worker)
        second, _expected = filled_interview(
            household_north,
            social_worker,
            supersedes=first,
            correction_reason="Błędnie wpisana liczba dzieci.",
        )
        text = flat(pdf_text(interview_pdf(second)))
        assert "Wersja 2" in text
        assert "Błędnie wpisana liczba dzieci." in text

    def test_an_update_names_the_interview_it_updates_and_prints_its_parts(
        self, household_north: Any, social_worker: Any
    ) -> None:
        first, _expected = filled_interview(household_north, social_worker)
        update, _expected = filled_interview(
            household_north,
            social_worker,
            kind=InterviewKind.UPDATE,
            based_on=first,
            answers={},
            need_known_on=datetime.date(2026, 11, 25),
            due_on=datetime.date(2026, 12, 15),
            conducted_on=datetime.date(2026, 12, 1),
        )
        text = pdf_text(interview_pdf(update))
        assert in_order(text, "aktualizacja wywiadu", "Aktualizacja wywiadu z dnia", "20.11.2026")
        assert in_order(text, *headings_of(form(), InterviewKind.UPDATE))

    def test_a_working_copy_says_so(self, household_north: Any, social_worker: Any) -> None:
        interview, _expected = filled_interview(
            household_north, social_worker, state=InterviewState.IN_PROGRESS, conducted_on=None
        )
        text = flat(pdf_text(interview_pdf(interview)))
        assert "kopia robocza" in text

    def test_a_refusal_prints_its_date_and_circumstances(
        self, household_north: Any, social_worker: Any
    ) -> None:
        interview, _expected = filled_interview(
            household_north,
            social_worker,
            kind=InterviewKind.REFUSED,
            answers={},
            refused_on=datetime.date(2026, 11, 18),
            refusal_circumstances="Pan odmówił wpuszczenia do mieszkania.",
        )
        text = flat(pdf_text(interview_pdf(interview)))
        assert in_order(text, "18.11.2026", "Pan odmówił wpuszczenia do mieszkania.")

    def test_not_possible_prints_the_attempts(
        self, household_north: Any, social_worker: Any
    ) -> None:
        interview, _expected = filled_interview(
            household_north, social_worker, kind=InterviewKind.NOT_POSSIBLE, answers={}
        )
        InterviewAttempt.objects.create(
            interview=interview,
            attempted_on=datetime.date(2026, 11, 10),
            place="Dębowo, ul. Lipowa 1",
            note="Nikogo nie zastano w domu.",
            recorded_by=social_worker,
        )
        text = flat(pdf_text(interview_pdf(interview)))
        assert in_order(text, "Próby przeprowadzenia wywiadu", "10.11.2026", "Nikogo nie zastano")

    def test_signed_statement_has_its_date_and_place(
        self, household_north: Any, social_worker: Any
    ) -> None:
        interview, _expected = filled_interview(
            household_north,
            social_worker,
            state=InterviewState.SIGNED,
            signed_on=datetime.date(2026, 11, 21),
            signed_place="Dębowo",
        )
        text = flat(pdf_text(interview_pdf(interview)))
        assert in_order(text, "art. 107 ust. 5g", "21.11.2026", "Dębowo")

    def test_file_name_is_ascii_with_the_day(
        self, household_north: Any, social_worker: Any
    ) -> None:
        interview, _expected = filled_interview(household_north, social_worker)
        assert interview_filename(interview) == "wywiad-2026-11-20.pdf"


class TestEmptyForm:
    @pytest.mark.parametrize("kind", sorted(form().kinds))
    def test_every_kind_of_the_form_prints_without_personal_data(
        self, kind: str, household_north: Any
    ) -> None:
        members = name_family(household_north)
        questionnaire = form()
        content = empty_form(kind)
        if kind == InterviewKind.FULL:
            save_artifact("kwestionariusz-pusty-pelny.pdf", content)
        assert content.startswith(b"%PDF")
        text = pdf_text(content)
        assert "strona 1 z" in text
        assert questionnaire.title.upper() in flat(text)
        for membership in members:
            assert membership.person.surname not in text
            assert membership.person.pesel
            assert membership.person.pesel not in text
        assert "podpis pracownika socjalnego" in text
        assert in_order(text, *headings_of(questionnaire, kind))

    def test_boxes_to_tick_for_yes_no(self) -> None:
        questionnaire = form()
        text = pdf_text(empty_form(InterviewKind.FULL))
        if first_of(questionnaire, InterviewKind.FULL, AnswerType.YES_NO) is not None:
            assert "☐ tak ☐ nie" in flat(text)
        choice = first_of(questionnaire, InterviewKind.FULL, AnswerType.CHOICE)
        if choice is not None:
            assert f"☐ {choice.choices[0].label}" in flat(text)


class TestInterviewPdfView:
    def test_worker_gets_the_pdf_and_the_print_is_logged_with_the_family(
        self, login: Any, household_north: Any, social_worker: Any
    ) -> None:
        members = name_family(household_north)
        interview, _expected = filled_interview(household_north, social_worker)
        response = login(social_worker).get(reverse("casework:interview_pdf", args=[interview.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'inline; filename="wywiad-2026-11-20.pdf"'
        event = AccessLog.objects.get(what="casework.interview_pdf")
        printed = set(event.persons.values_list("person_id", flat=True))
        assert printed == {m.person_id for m in members}
        assert event.details == {"interview": interview.pk}

    def test_out_of_scope_is_404(
        self, login: Any, household_north: Any, social_worker: Any, other_social_worker: Any
    ) -> None:
        interview, _expected = filled_interview(household_north, social_worker)
        response = login(other_social_worker).get(
            reverse("casework:interview_pdf", args=[interview.pk])
        )
        assert response.status_code == 404
        assert not AccessLog.objects.filter(what="casework.interview_pdf").exists()

    def test_role_without_social_work_is_refused(
        self, login: Any, household_north: Any, social_worker: Any, iod: Any
    ) -> None:
        interview, _expected = filled_interview(household_north, social_worker)
        response = login(iod).get(reverse("casework:interview_pdf", args=[interview.pk]))
        assert response.status_code == 403


class TestQuestionnaireViews:
    def test_list_offers_every_kind_of_every_form(self, login: Any, social_worker: Any) -> None:
        response = login(social_worker).get(reverse("casework:questionnaires"))
        assert response.status_code == 200
        page = response.content.decode()
        questionnaire = form()
        for kind in questionnaire.kinds:
            url = reverse(
                "casework:questionnaire_pdf",
                args=[questionnaire.code, questionnaire.version, kind],
            )
            assert url in page
        assert "Pobierz pusty formularz" in page

    def test_empty_form_is_a_pdf_and_nothing_is_logged(
        self, login: Any, benefits_clerk: Any
    ) -> None:
        questionnaire = form()
        url = reverse(
            "casework:questionnaire_pdf",
            args=[questionnaire.code, questionnaire.version, InterviewKind.FULL],
        )
        response = login(benefits_clerk).get(url)
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        assert response["Content-Disposition"] == (
            f'inline; filename="kwestionariusz-{questionnaire.code}-{questionnaire.version}'
            '-pelny.pdf"'.lower()
        )
        assert not AccessLog.objects.exists()

    @pytest.mark.parametrize(
        "args", [("nie-ma", "1", "pelny"), ("rws-2021", "99", "pelny"), ("rws-2021", "1", "xyz")]
    )
    def test_unknown_form_version_or_kind_is_404(
        self, login: Any, social_worker: Any, args: tuple[str, str, str]
    ) -> None:
        questionnaire = form()
        if args[0] != "nie-ma":
            args = (questionnaire.code, args[1], args[2])
        response = login(social_worker).get(reverse("casework:questionnaire_pdf", args=args))
        assert response.status_code == 404

    @pytest.mark.parametrize("name", ["questionnaires"])
    def test_roles_without_social_work_are_refused(
        self, login: Any, accountant: Any, name: str
    ) -> None:
        assert login(accountant).get(reverse(f"casework:{name}")).status_code == 403

    def test_empty_form_refused_without_social_work(self, login: Any, accountant: Any) -> None:
        questionnaire = form()
        url = reverse(
            "casework:questionnaire_pdf",
            args=[questionnaire.code, questionnaire.version, InterviewKind.FULL],
        )
        assert login(accountant).get(url).status_code == 403


def test_get_questionnaire_is_the_one_of_the_interview(
    household_north: Any, social_worker: Any
) -> None:
    interview, _expected = filled_interview(household_north, social_worker)
    assert interview_context(interview)["questionnaire"] == get_questionnaire(
        interview.form_code, interview.form_version
    )


def test_segment_a_prints_what_the_interview_recorded_even_after_the_registry_changed(
    household_north: Any, social_worker: Any
) -> None:
    """The interview recorded the family when it started; a later change in the registry (a
    new surname) does not rewrite the printed interview."""
    from ostoja.casework.services.interviews import registry_snapshot

    members = name_family(household_north)
    recorded = {
        "I.A.1": registry_snapshot(household_north, CONDUCTED, "members"),
        "I.A.2": registry_snapshot(household_north, CONDUCTED, "address"),
    }
    interview, _expected = filled_interview(household_north, social_worker)
    interview.answers = {**interview.answers, **recorded}
    interview.save()
    person = members[0].person
    person.surname = "Nowakowska"
    person.save()

    text = flat(pdf_text(interview_pdf(interview)))
    assert "Grażyna Żółkiewska" in text
    assert "Grażyna Nowakowska" not in text
    assert str(household_north.address) in text
