"""The interview taken to work without a connection: the copy's token and its sync.

The fill page gives the browser a token (`offline_token`) with the version its answers start
from. The browser keeps the answers the worker types, with that token and version, until it can
send them; `interview_sync` then checks the token and hands the answers to the one door for
writing them, `ostoja.casework.services.interviews.interview_save_answers`.

A sync never overwrites what someone else saved in the meantime. When the interview changed on
the server after the copy was made, the answers are merged per question against the answers
the copy started from (kept per version in `InterviewAnswers`):

- a question nobody changed on the server: the copy's answer;
- a question changed on the server and left as it was in the copy: the server's answer
  ("taken": the browser puts it into the form);
- a question changed on both sides to different answers: a conflict, which the worker resolves
  one by one in the chooser; the sync is then sent again from the server's version.

The token is signed with the project's secret key (`django.core.signing`, salt
"casework.offline") and binds the interview, the user and the version; it expires after
`OSTOJA_OFFLINE_MAX_AGE_DAYS` days (7 unless set). A copy whose token does not check is refused
with `OfflineCopyRefused`, and the browser keeps its answers.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.casework import policy as casework_policy
from ostoja.casework.models import Interview
from ostoja.casework.questionnaire import (
    AnswerError,
    AnswerType,
    Questionnaire,
    clean_answer,
    display_answer,
    get_questionnaire,
    is_empty,
)
from ostoja.casework.services.interviews import (
    InterviewConflict,
    answers_at,
    interview_save_answers,
)
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action

SALT = "casework.offline"
DEFAULT_MAX_AGE_DAYS = 7

INTERVIEW_SYNC = action_kind(
    "casework.interview_sync",
    gettext_lazy("Interview answers sent from a copy without a connection"),
    gettext_lazy("%(kind)s: from version %(base_version)s, now version %(version)s"),
)


class OfflineCopyRefused(Exception):
    """The copy cannot be sent: its token is damaged, expired, another user's or another
    interview's, or its version was altered. The message says so in Polish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Conflict:
    """One question answered differently in the copy and on the server."""

    key: str
    label: str
    mine: Any
    theirs: Any
    mine_display: str
    theirs_display: str

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "mine": self.mine,
            "theirs": self.theirs,
            "mine_display": self.mine_display,
            "theirs_display": self.theirs_display,
        }


@dataclass
class OfflineConflict(Exception):
    """The interview changed on the server since the copy was made.

    `conflicts` are the questions to choose between one by one; `taken` the server's answers
    to questions the copy left as they were (the browser puts them into the form). The copy is
    sent again from `server_version`, with the fresh `token`."""

    server_version: int
    token: str
    conflicts: list[Conflict] = field(default_factory=list)
    taken: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "server_version": self.server_version,
            "token": self.token,
            "conflicts": [conflict.as_json() for conflict in self.conflicts],
            "taken": self.taken,
        }


def max_age_days() -> int:
    return int(getattr(settings, "OSTOJA_OFFLINE_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS))


def _token(interview: Interview, user: User, version: int) -> str:
    return signing.dumps(
        {"interview": interview.pk, "user": user.pk, "version": version}, salt=SALT
    )


def offline_token(interview: Interview, user: User) -> str:
    """The signed token of a copy of `interview` taken by `user` at its current version."""
    return _token(interview, user, interview.version)


def _token_version(*, token: str, interview: Interview, actor: User) -> int:
    """The version the token's copy starts from, or `OfflineCopyRefused`."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age_days() * 24 * 3600)
    except signing.SignatureExpired:
        raise OfflineCopyRefused(
            _(
                "This copy was taken more than %(days)s days ago and can no longer be sent by "
                "itself. The answers stay on this computer and in the form: check them and save "
                "them with the form's button."
            )
            % {"days": max_age_days()}
        ) from None
    except (signing.BadSignature, TypeError, ValueError):
        raise OfflineCopyRefused(
            _(
                "This copy of the interview has been altered or damaged and cannot be sent. "
                "Your answers stay on this computer."
            )
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("version"), int):
        raise OfflineCopyRefused(_("This copy of the interview cannot be sent."))
    if data.get("interview") != interview.pk:
        raise OfflineCopyRefused(_("This copy belongs to another interview."))
    if data.get("user") != actor.pk:
        raise OfflineCopyRefused(
            _("This copy was taken by another user; only that user can send it.")
        )
    return int(data["version"])


def _same(left: Any, right: Any) -> bool:
    return (is_empty(left) and is_empty(right)) or left == right


def _cleaned(questionnaire: Questionnaire, key: str, raw: Any) -> tuple[bool, Any]:
    """(fits, value): the stored value of a raw answer, or the raw answer when it does not fit."""
    try:
        return True, clean_answer(questionnaire.question(key), raw)
    except AnswerError:
        return False, raw


def _shown(questionnaire: Questionnaire, key: str, value: Any, fits: bool = True) -> str:
    if not fits:
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return display_answer(questionnaire.question(key), value)


def _merge(
    *,
    interview: Interview,
    actor: User,
    error: InterviewConflict,
    base_version: int,
    answers: Mapping[str, Any],
) -> OfflineConflict:
    """The conflict as the chooser shows it, merged three ways against the copy's start."""
    questionnaire = get_questionnaire(interview.form_code, interview.form_version)
    base = answers_at(interview, base_version)
    server = error.server_answers
    conflict = OfflineConflict(
        server_version=error.server_version,
        token=_token(interview, actor, error.server_version),
    )
    for key in sorted(error.changed_keys):
        if key not in answers or not questionnaire.has_question(key):
            continue  # the copy says nothing of it: the server's answer stays
        question = questionnaire.question(key)
        if question.type == AnswerType.REGISTRY:
            continue  # read from the registry, never from the copy
        fits, mine = _cleaned(questionnaire, key, answers[key])
        theirs = server.get(key)
        if fits and _same(mine, theirs):
            continue
        if fits and base is not None and _same(mine, base.get(key)):
            conflict.taken[key] = theirs
            continue
        conflict.conflicts.append(
            Conflict(
                key=key,
                label=str(question.label),
                mine=answers[key],
                theirs=theirs,
                mine_display=_shown(questionnaire, key, mine, fits),
                theirs_display=_shown(questionnaire, key, theirs),
            )
        )
    return conflict


@transaction.atomic
def interview_sync(
    *,
    actor: User,
    interview: Interview,
    token: str,
    base_version: int,
    answers: Mapping[str, Any],
) -> Interview:
    """Save the answers of an offline copy that started from `base_version`.

    Raises `PermissionDenied` for a user who may not edit the case, `OfflineCopyRefused` for a
    copy whose token does not check or whose version was altered, `OfflineConflict` when the
    interview changed on the server since, and `ValidationError` keyed by question for answers
    that do not fit (or a refusal when the interview is no longer in progress)."""
    if not policy.can(actor, casework_policy.EDIT, interview.case):
        raise PermissionDenied
    token_version = _token_version(token=token, interview=interview, actor=actor)
    current = Interview.objects.only("version").get(pk=interview.pk).version
    if base_version != token_version or base_version > current:
        raise OfflineCopyRefused(
            _(
                "The version of this copy does not match the one it was taken at; it cannot "
                "be sent. Your answers stay on this computer."
            )
        )
    try:
        saved = interview_save_answers(
            actor=actor, interview=interview, base_version=base_version, answers=answers
        )
    except InterviewConflict as error:
        raise _merge(
            interview=interview,
            actor=actor,
            error=error,
            base_version=base_version,
            answers=answers,
        ) from error
    record_action(
        actor=actor,
        action=INTERVIEW_SYNC,
        subjects=[saved.case, saved.case.household, saved],
        details={
            "interview_id": saved.pk,
            "kind": str(saved.get_kind_display()),
            "base_version": base_version,
            "version": saved.version,
            "answers": len(answers),
        },
    )
    return saved
