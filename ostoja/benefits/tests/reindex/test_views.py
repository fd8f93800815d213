"""The re-indexation's pages with the test client, role by role: the list of runs with the
start form, a run's page with its awards (only the families the user sees, logged), the
progress fragment the page polls, and the signing of the run's drafts."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.benefits.access_kinds import REINDEXATION_ITEMS
from ostoja.benefits.models import (
    Decision,
    DecisionState,
    Reindexation,
    ReindexItem,
    ReindexOutcome,
    ReindexState,
)
from ostoja.benefits.services import reindex
from ostoja.benefits.tests.reindex.conftest import DAY
from ostoja.benefits.tests.reindex.factories import Granted
from ostoja.core.models import AccessLog
from ostoja.core.money import format_pln

pytestmark = pytest.mark.django_db

LIST = reverse("benefits:reindexation_list")


def _detail(run: Reindexation) -> str:
    return reverse("benefits:reindexation_detail", args=[run.pk])


def _progress(run: Reindexation) -> str:
    return reverse("benefits:reindexation_progress", args=[run.pk])


def _sign(run: Reindexation) -> str:
    return reverse("benefits:reindexation_sign_all", args=[run.pk])


def _persons(event: AccessLog) -> set[int]:
    return set(event.persons.values_list("person_id", flat=True))


@pytest.fixture
def done(zasilek_staly: Granted, zasilek_staly_south: Granted, run: Reindexation) -> Reindexation:
    reindex.reindexation_run(run.pk)
    run.refresh_from_db()
    return run


# ---------------------------------------------------------------------------------------------
# Who may use the pages
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["director", "benefits_clerk", "social_worker"])
def test_the_list_for_those_who_may_reindex(role: str, request: Any, login: Any) -> None:
    client = login(request.getfixturevalue(role))
    response = client.get(LIST)
    assert response.status_code == 200
    assert 'name="effective_on"' in response.text
    # The hint lists the days of change: 1 January 2025 (the criteria) among them.
    assert "01.01.2025" in response.text


@pytest.mark.parametrize("role", ["accountant", "administrator", "iod", "roleless"])
def test_the_pages_are_refused_to_the_others(
    role: str, request: Any, login: Any, run: Reindexation
) -> None:
    client = login(request.getfixturevalue(role))
    for url in (LIST, _detail(run), _progress(run)):
        assert client.get(url).status_code == 403
    assert client.post(_sign(run)).status_code == 403
    assert client.post(LIST, {"effective_on": "2025-01-01"}).status_code == 403
    assert not Reindexation.objects.exclude(pk=run.pk).exists()


def test_a_visitor_not_signed_in_goes_to_the_login(client: Any, run: Reindexation) -> None:
    response = client.get(_detail(run))
    assert response.status_code == 302
    assert "login" in response["Location"] or "logowanie" in response["Location"]


# ---------------------------------------------------------------------------------------------
# Starting
# ---------------------------------------------------------------------------------------------


def test_start_from_the_form_runs_in_the_background_and_opens_the_run(
    zasilek_staly: Granted,
    clerk: User,
    login: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LIST, {"effective_on": "2025-01-01"})
    run = Reindexation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(run)
    assert run.started_by == clerk
    # The tests' immediate backend ran the task at once.
    assert run.state == ReindexState.DONE
    listed = client.get(LIST)
    assert _detail(run) in listed.text
    assert run.get_state_display() in listed.text


def test_start_for_a_day_without_a_change_is_refused_under_the_field(
    clerk: User, login: Any
) -> None:
    response = login(clerk).post(LIST, {"effective_on": "2025-02-03"})
    assert response.status_code == 200
    assert "03.02.2025" in response.text
    assert 'id="id_effective_on_errors"' in response.text
    assert not Reindexation.objects.exists()


def test_the_field_is_checked_as_it_is_left(clerk: User, login: Any) -> None:
    response = login(clerk).post(
        LIST, {"effective_on": "2025-02-03"}, headers={"X-Ostoja-Validate": "effective_on"}
    )
    assert response.status_code == 200
    assert 'id="id_effective_on_errors"' in response.text
    assert "<html" not in response.text
    assert not Reindexation.objects.exists()


# ---------------------------------------------------------------------------------------------
# A run's page
# ---------------------------------------------------------------------------------------------


def test_the_run_shows_every_award_to_the_director(
    done: Reindexation,
    zasilek_staly: Granted,
    zasilek_staly_south: Granted,
    login: Any,
    director: User,
) -> None:
    response = login(director).get(_detail(done))
    assert response.status_code == 200
    text = response.text
    north, south = zasilek_staly.members[0], zasilek_staly_south.members[0]
    assert north.full_name in text
    assert south.full_name in text
    assert reverse("registry:household_detail", args=[zasilek_staly.household.pk]) in text
    # 713,00 − 408,80 = +304,20 zł, worked out in Python and shown signed.
    assert f"+{format_pln(Decimal('304.20'))}" in text
    assert format_pln(Decimal("713.00")) in text
    assert format_pln(Decimal("408.80")) in text
    event = AccessLog.objects.get(what=REINDEXATION_ITEMS, user=director)
    assert _persons(event) == {north.pk, south.pk}
    assert event.details == {"reindexation_id": done.pk}
    # Both drafts wait for a signature: the primary action is there.
    assert _sign(done) in text
    # No award lost its right: the note on what the clerk decides then is not shown.
    assert 'role="note"' not in text


def test_a_social_worker_sees_only_the_awards_of_her_families(
    done: Reindexation,
    zasilek_staly: Granted,
    zasilek_staly_south: Granted,
    social_worker: User,
    login: Any,
) -> None:
    response = login(social_worker).get(_detail(done))
    assert response.status_code == 200
    assert zasilek_staly.members[0].full_name in response.text
    assert zasilek_staly_south.members[0].full_name not in response.text
    assert reverse("registry:household_detail", args=[zasilek_staly_south.household.pk]) not in (
        response.text
    )
    event = AccessLog.objects.get(what=REINDEXATION_ITEMS, user=social_worker)
    assert _persons(event) == {zasilek_staly.members[0].pk}


def test_the_awards_are_filtered_by_outcome(
    done: Reindexation, zasilek_pielegnacyjny: Granted, director: User, login: Any
) -> None:
    reindex.reindexation_run(done.pk)  # the new award joins the run: unchanged
    client = login(director)
    unchanged = client.get(_detail(done), {"wynik": ReindexOutcome.UNCHANGED})
    assert zasilek_pielegnacyjny.members[1].full_name in unchanged.text
    changed = client.get(_detail(done), {"wynik": ReindexOutcome.CHANGED})
    assert zasilek_pielegnacyjny.members[1].full_name not in changed.text
    event = AccessLog.objects.filter(what=REINDEXATION_ITEMS).latest("pk")
    assert zasilek_pielegnacyjny.members[1].pk not in _persons(event)
    nothing = client.get(_detail(done), {"wynik": ReindexOutcome.ERROR})
    assert nothing.status_code == 200
    assert "<tbody>" not in nothing.text


def test_the_page_says_the_clerk_decides_where_the_right_is_gone(
    pielegnacyjne_adult: Granted, run: Reindexation, director: User, login: Any
) -> None:
    reindex.reindexation_run(run.pk)
    response = login(director).get(_detail(run))
    item = ReindexItem.objects.get(reindexation=run)
    assert item.get_outcome_display() in response.text
    assert item.message in response.text.replace("&#x27;", "'")
    assert 'role="note"' in response.text  # what the clerk decides where the right is gone


def test_an_unknown_run_is_a_404(director: User, login: Any) -> None:
    url = reverse("benefits:reindexation_detail", args=[999_999])
    assert login(director).get(url).status_code == 404


# ---------------------------------------------------------------------------------------------
# Progress
# ---------------------------------------------------------------------------------------------


def test_the_progress_polls_every_second_while_the_run_works(
    run: Reindexation, director: User, login: Any, htmx_headers: dict[str, str]
) -> None:
    Reindexation.objects.filter(pk=run.pk).update(state=ReindexState.RUNNING, total=8, processed=2)
    client = login(director)
    page = client.get(_detail(run))
    assert 'hx-trigger="every 1s"' in page.text
    assert '<progress class="w-100" max="100" value="25"' in page.text  # 2 of 8
    fragment = client.get(_progress(run), headers=htmx_headers)
    assert fragment.status_code == 200
    assert 'hx-trigger="every 1s"' in fragment.text
    assert "<html" not in fragment.text
    assert "HX-Refresh" not in fragment
    assert not AccessLog.objects.filter(what=REINDEXATION_ITEMS).exists()


def test_the_progress_stops_polling_and_reloads_the_page_when_done(
    done: Reindexation, director: User, login: Any, htmx_headers: dict[str, str]
) -> None:
    client = login(director)
    fragment = client.get(_progress(done), headers=htmx_headers)
    assert "hx-trigger" not in fragment.text
    assert fragment["HX-Refresh"] == "true"
    assert 'value="100"' in fragment.text
    page = client.get(_detail(done))
    assert 'hx-trigger="every 1s"' not in page.text


# ---------------------------------------------------------------------------------------------
# Signing all drafts
# ---------------------------------------------------------------------------------------------


def test_sign_all_drafts_from_the_page(
    done: Reindexation,
    zasilek_staly: Granted,
    zasilek_staly_south: Granted,
    signer: User,
    login: Any,
) -> None:
    client = login(signer)
    response = client.post(_sign(done), follow=True)
    assert response.redirect_chain == [(_detail(done), 302)]
    # The north's family had its interview: signed. The south's had none (art. 106 ust. 4
    # u.p.s.): refused, and the page says why.
    signed = Decision.objects.get(reindexation=done, state=DecisionState.SIGNED)
    assert signed.changes == zasilek_staly.decision
    refused = Decision.objects.get(reindexation=done, state=DecisionState.FOR_APPROVAL)
    assert refused.changes == zasilek_staly_south.decision
    assert _("Decisions signed: %(count)s.") % {"count": 1} in response.text
    assert "106 ust. 4" in response.text


def test_sign_all_is_a_post(done: Reindexation, signer: User, login: Any) -> None:
    assert login(signer).get(_sign(done)).status_code == 405
    assert not Decision.objects.filter(reindexation=done, state=DecisionState.SIGNED).exists()


def test_nothing_to_sign_is_said(run: Reindexation, signer: User, login: Any) -> None:
    Reindexation.objects.filter(pk=run.pk).update(
        state=ReindexState.DONE, finished_at=datetime.datetime(2024, 12, 16, tzinfo=datetime.UTC)
    )
    response = login(signer).post(_sign(run), follow=True)
    assert _("There is no draft of this run to sign.") in response.text
    page = login(signer).get(_detail(run))
    assert _sign(run) not in page.text
    assert DAY.strftime("%d.%m.%Y") in page.text


def test_the_signing_is_offered_only_to_a_holder_of_an_authorisation(
    done: Reindexation, clerk: User, signer: User, login: Any
) -> None:
    # The clerk may sign by her role but holds no authorisation (art. 268a k.p.a.): the page
    # does not offer her the signing of the drafts; the director, who holds one, is offered it.
    assert _sign(done) not in login(clerk).get(_detail(done)).text
    assert _sign(done) in login(signer).get(_detail(done)).text
