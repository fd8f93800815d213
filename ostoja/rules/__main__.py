"""The rules' command line.

    python -m ostoja.rules calc --benefit NAME --date YYYY-MM-DD < household.json
    python -m ostoja.rules test PATH…
    python -m ostoja.rules params --date YYYY-MM-DD
    python -m ostoja.rules simulate --date YYYY-MM-DD [--benefit NAME …] [--set PARAM=VALUE …]
        [--format jsonl|csv] [--workers N] [--changed-out FILE] < population.jsonl

Bad input ends with one line naming the field and exit status 2; never a traceback.
"""

import argparse
import datetime
import json
import os
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from ostoja.rules import jsoninput
from ostoja.rules.benefits import calculate, calculation
from ostoja.rules.cases import run_files
from ostoja.rules.errors import RulesInputError
from ostoja.rules.household import household_from_dict
from ostoja.rules.parameters import default_parameters

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise RulesInputError("arguments", message)


def _day(raw: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as error:
        raise RulesInputError("--date", f"{raw!r} is not a date YYYY-MM-DD") from error


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m ostoja.rules", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    calc = commands.add_parser("calc", help="compute a benefit for a household read as JSON")
    calc.add_argument("--benefit", required=True)
    calc.add_argument("--date", required=True)
    test = commands.add_parser("test", help="run YAML case files")
    test.add_argument("paths", nargs="+")
    params = commands.add_parser("params", help="print the parameters in force on a day")
    params.add_argument("--date", required=True)
    simulate = commands.add_parser(
        "simulate", help="what-if totals of every benefit for a population (JSON Lines or CSV)"
    )
    simulate.add_argument("--date", required=True)
    simulate.add_argument(
        "--benefit", action="append", default=[], dest="benefits", help="default: all, in turn"
    )
    simulate.add_argument(
        "--set", action="append", default=[], dest="changes", metavar="PARAM=VALUE"
    )
    simulate.add_argument("--format", choices=("jsonl", "csv"), help="default: by the first line")
    simulate.add_argument("--workers", type=int, help="processes; default: the machine's cores")
    simulate.add_argument("--changed-out", metavar="FILE", help="changed households, JSON Lines")
    return parser


def _calc(benefit: str, raw_day: str, stdin: TextIO, stdout: TextIO) -> int:
    day = _day(raw_day)
    calculation(benefit)  # an unknown benefit is reported before the input is read
    data = (
        jsoninput.read(stdin.buffer) if hasattr(stdin, "buffer") else jsoninput.parse(stdin.read())
    )
    household = household_from_dict(data)
    result = calculate(benefit, household, day)
    json.dump(result.to_json(), stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    return 0


def _test(paths: Sequence[str], stdout: TextIO) -> int:
    passed = failed = 0
    for outcome in run_files(paths):
        if outcome.passed:
            passed += 1
            continue
        failed += 1
        stdout.write(
            f"FAIL {outcome.case.where} {outcome.case.name}: {'; '.join(outcome.differences)}\n"
        )
    stdout.write(f"{passed} passed, {failed} failed\n")
    return EXIT_FAILED if failed else 0


def _params(raw_day: str, stdout: TextIO) -> int:
    day = _day(raw_day)
    snapshot = default_parameters().at(day)
    names = sorted(snapshot)
    if not names:
        raise RulesInputError("--date", f"no parameters in force on {day.isoformat()}")
    for name in names:
        entry = snapshot.entry(name)
        mark = " [niezweryfikowane]" if entry.unverified else ""
        stdout.write(
            f"{name} = {entry.value} (od {entry.start.isoformat()}; {entry.reference}){mark}\n"
        )
    return 0


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    stderr: TextIO = sys.stderr,
) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command == "calc":
            return _calc(args.benefit, args.date, stdin, stdout)
        if args.command == "test":
            return _test(args.paths, stdout)
        if args.command == "params":
            return _params(args.date, stdout)
        from ostoja.rules.simulate import run_simulation

        return run_simulation(
            day=_day(args.date),
            benefits=args.benefits,
            raw_changes=args.changes,
            file_format=args.format,
            workers=args.workers,
            changed_out=args.changed_out,
            stdin=stdin,
            stdout=stdout,
        )
    except RulesInputError as error:
        stderr.write(f"error: {error}\n")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the reader (e.g. `| head`) stopped reading: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_FAILED)
