"""Awards from signed decisions: the segments payments read.

Called only by `decision_sign`, inside its transaction, so that a refusal here (a ValidationError)
rolls back the signature and the number with it. Nothing here checks permissions or records an
action: the signing does both.

The segments a decision acts on are the awards of the decision it changes (`Decision.changes`)
and every segment continuing them, so a change, a suspension or a revocation may name the
granting decision or any later decision of the same chain. A segment is ended the day before
the new decision takes effect (`effective_from`); where the benefit goes on, a new segment
starts on that day and `continues` the ended one. A segment that begins on or after that day
cannot be ended the day before (it would end before it began): such a decision is refused with
a message saying which segment is in the way.

Monthly segments of one benefit for one person never overlap. The check here gives the message;
on PostgreSQL the exclusion constraint `award_monthly_segments_do_not_overlap` holds it in any
case, and a segment is always ended (saved) before the one that continues it is inserted.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from ostoja.benefits.catalogue import spec
from ostoja.benefits.models import Award, AwardFrequency, Decision, DecisionLine
from ostoja.core.services import day_text

ONE_DAY = datetime.timedelta(days=1)


def _frequency(benefit: str) -> str:
    return AwardFrequency.MONTHLY if spec(benefit).monthly else AwardFrequency.ONE_OFF


def _segment_label(award: Award) -> str:
    return _("%(benefit)s for %(person)s from %(start)s") % {
        "benefit": award.get_benefit_display(),
        "person": award.person.full_name,
        "start": day_text(award.valid_from),
    }


def _check_no_overlap(award: Award) -> None:
    """A new monthly segment must not overlap one of the same benefit for the same person."""
    if award.frequency != AwardFrequency.MONTHLY:
        return
    overlapping = Award.objects.monthly().filter(person=award.person, benefit=award.benefit)
    if award.valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=award.valid_to)
    overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=award.valid_from))
    if award.pk:
        overlapping = overlapping.exclude(pk=award.pk)
    clash = overlapping.select_related("decision", "person").first()
    if clash is not None:
        raise ValidationError(
            _(
                "%(segment)s is already awarded by decision %(number)s for the same period: "
                "change that decision instead."
            )
            % {"segment": _segment_label(clash), "number": clash.decision.number or "—"}
        )


def _save_new(award: Award) -> Award:
    _check_no_overlap(award)
    award.save()
    return award


def _from_line(decision: Decision, line: DecisionLine, *, continues: Award | None) -> Award:
    return Award(
        decision=decision,
        line=line,
        household=decision.household,
        person=line.person,
        payee=line.payee,
        benefit=line.benefit,
        frequency=_frequency(line.benefit),
        amount=line.amount,
        valid_from=line.period_from,
        valid_to=line.period_to,
        method=line.method,
        account=line.account,
        continues=continues,
    )


def _continuation(
    decision: Decision,
    previous: Award,
    *,
    start: datetime.date,
    until: datetime.date | None,
    suspended: bool,
) -> Award:
    """A segment with the terms of `previous` from `start` until `until` (where `previous`
    would have ended)."""
    return Award(
        decision=decision,
        line=None,
        household=previous.household,
        person=previous.person,
        payee=previous.payee,
        benefit=previous.benefit,
        frequency=previous.frequency,
        amount=previous.amount,
        valid_from=start,
        valid_to=until,
        suspended=suspended,
        method=previous.method,
        account=previous.account,
        continues=previous,
    )


def chain_of(decision: Decision) -> list[Award]:
    """The awards of `decision` and every segment continuing them, in the order they began."""
    found: dict[int, Award] = {award.pk: award for award in Award.objects.filter(decision=decision)}
    frontier = set(found)
    while frontier:
        following = Award.objects.filter(continues_id__in=frontier).exclude(pk__in=found)
        frontier = set()
        for award in following:
            found[award.pk] = award
            frontier.add(award.pk)
    return sorted(found.values(), key=lambda a: (a.valid_from, a.pk))


def _effective_from(decision: Decision) -> datetime.date:
    if decision.effective_from is None:
        raise ValidationError(
            {"effective_from": _("Give the day from which the decision takes effect.")}
        )
    return decision.effective_from


def _still_running(segments: Iterable[Award], day: datetime.date) -> list[Award]:
    """The segments in force on `day` or beginning after it (the ones a decision effective on
    `day` acts on); one that begins on `day` or later cannot be ended before it."""
    running = [s for s in segments if s.valid_to is None or s.valid_to >= day]
    blocking = [s for s in running if s.valid_from >= day]
    if blocking:
        raise ValidationError(
            {
                "effective_from": _(
                    "%(segment)s begins on or after %(day)s: a decision taking effect that day "
                    "cannot end it. Choose a later day or change the later decision."
                )
                % {"segment": _segment_label(blocking[0]), "day": day_text(day)}
            }
        )
    return running


def _end(segment: Award, *, by: Decision, day: datetime.date) -> None:
    """End the segment on the day before `day`."""
    segment.valid_to = day - ONE_DAY
    segment.ended_by = by
    segment.save(update_fields=["valid_to", "ended_by", "updated_at"])


def _nothing_in_force(day: datetime.date) -> ValidationError:
    return ValidationError(
        {
            "effective_from": _(
                "No award of the changed decision is in force on %(day)s: there is nothing "
                "to change."
            )
            % {"day": day_text(day)}
        }
    )


# ---------------------------------------------------------------------------------------------
# One per kind of decision
# ---------------------------------------------------------------------------------------------


def awards_grant(decision: Decision) -> list[Award]:
    """One award per line: monthly when the benefit runs by month, otherwise one-off, for the
    line's period."""
    lines = list(decision.lines.select_related("person", "payee"))
    return [_save_new(_from_line(decision, line, continues=None)) for line in lines]


def awards_change(decision: Decision) -> list[Award]:
    """The changed benefits, each from `effective_from`: the segment of the same benefit for the
    same person in force that day ends the day before, and the line's segment continues it.
    Segments the decision has no line for go on unchanged."""
    assert decision.changes is not None
    day = _effective_from(decision)
    running = [s for s in chain_of(decision.changes) if not s.suspended]
    by_key = {(s.benefit, s.person_id): s for s in running if s.in_force_on(day)}
    lines = list(decision.lines.select_related("person", "payee"))
    keys = {(line.benefit, line.person_id) for line in lines}
    # Only the segments the lines change must be clear of the day.
    _still_running([s for s in running if (s.benefit, s.person_id) in keys], day)
    created = []
    for line in lines:
        previous = by_key.get((line.benefit, line.person_id))
        if previous is None:
            raise ValidationError(
                {
                    "lines": _(
                        "%(benefit)s for %(person)s is not awarded by the changed decision on "
                        "%(day)s."
                    )
                    % {
                        "benefit": line.get_benefit_display(),
                        "person": line.person.full_name,
                        "day": day_text(day),
                    }
                }
            )
        _end(previous, by=decision, day=day)
        created.append(_save_new(_from_line(decision, line, continues=previous)))
    return created


def awards_revoke(decision: Decision) -> list[Award]:
    """Every segment of the revoked decision still running on `effective_from` ends the day
    before. A decision whose awards have all ended already (a one-off benefit paid) is revoked
    with no segment to end."""
    assert decision.changes is not None
    day = _effective_from(decision)
    ended = _still_running(chain_of(decision.changes), day)
    for segment in ended:
        _end(segment, by=decision, day=day)
    return ended


def awards_suspend(decision: Decision) -> list[Award]:
    """Each running monthly segment ends the day before `effective_from`, and a suspended
    segment with the same terms continues it until the day it would have ended."""
    assert decision.changes is not None
    day = _effective_from(decision)
    running = [
        s
        for s in chain_of(decision.changes)
        if s.frequency == AwardFrequency.MONTHLY and not s.suspended
    ]
    running = _still_running(running, day)
    if not running:
        raise _nothing_in_force(day)
    created = []
    for segment in running:
        until = segment.valid_to
        _end(segment, by=decision, day=day)
        created.append(
            _save_new(_continuation(decision, segment, start=day, until=until, suspended=True))
        )
    return created


def awards_resume(decision: Decision) -> list[Award]:
    """Each suspended segment in force on `effective_from` ends the day before, and a new
    segment continues it: with the terms of the decision's line for the same benefit and person
    when it has one, else with the terms it had before the suspension."""
    assert decision.changes is not None
    day = _effective_from(decision)
    suspended = [s for s in chain_of(decision.changes) if s.suspended]
    suspended = _still_running(suspended, day)
    if not suspended:
        raise ValidationError(
            {
                "effective_from": _("No suspended award of the decision is in force on %(day)s.")
                % {"day": day_text(day)}
            }
        )
    lines = {
        (line.benefit, line.person_id): line
        for line in decision.lines.select_related("person", "payee")
    }
    created = []
    for segment in suspended:
        until = segment.valid_to
        _end(segment, by=decision, day=day)
        line = lines.pop((segment.benefit, segment.person_id), None)
        if line is not None:
            award = _from_line(decision, line, continues=segment)
        else:
            award = _continuation(decision, segment, start=day, until=until, suspended=False)
        created.append(_save_new(award))
    if lines:
        line = next(iter(lines.values()))
        raise ValidationError(
            {
                "lines": _("%(benefit)s for %(person)s is not suspended on %(day)s.")
                % {
                    "benefit": line.get_benefit_display(),
                    "person": line.person.full_name,
                    "day": day_text(day),
                }
            }
        )
    return created
