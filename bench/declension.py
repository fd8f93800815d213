"""How well and how fast `ostoja.benefits.documents.declension` declines the demo's names.

    .venv/bin/python bench/declension.py                 # single first names, every case
    .venv/bin/python bench/declension.py --double        # also every two-first-name combination
    .venv/bin/python bench/declension.py --sample 40     # print a random sample to check by hand

The demo generator (`ostoja.registry.demo.families`) takes a first name from Faker's `pl_PL`
lists (53 women's, 100 men's) and, for one person in five, a second one different from the first;
the surname from the demo's 96 (a woman's -ski becomes -ska). Every (first name, surname, sex)
it can produce goes through every case; the script counts the forms that come out `certain`,
lists the words that do not, checks the exact surname rules against the dictionary, and times:

* the first call in a fresh process (Morfeusz's dictionary is loaded then), in a subprocess;
* a warm call on a name whose words were never seen (the per-word cache cleared first);
* a warm call on a name seen before (the cache full), median over all calls.
"""

# ruff: noqa: E402  (Django is set up before the project is imported)
import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from faker.providers.person.pl_PL import Provider as PolishNames

from ostoja.benefits.documents import declension
from ostoja.benefits.documents.declension import Case, decline_person
from ostoja.registry.demo.gmina import SURNAMES
from ostoja.registry.demo.identifiers import female_surname
from ostoja.registry.models import Sex

Person = tuple[str, str, str]  # first name(s), surname, sex
# The cases where a surname changes (its vocative is its nominative).
DECLINED_CASES = (Case.GENITIVE, Case.DATIVE, Case.ACCUSATIVE, Case.INSTRUMENTAL, Case.LOCATIVE)

FIRST_CALL = """
import os, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django
django.setup()
started = time.perf_counter()
from ostoja.benefits.documents.declension import Case, decline_person
imported = time.perf_counter() - started
started = time.perf_counter()
decline_person(first_name="Maria", last_name="Lipowska", sex="K", case=Case.DATIVE)
first = time.perf_counter() - started
started = time.perf_counter()
decline_person(first_name="Jan", last_name="Kowalski", sex="M", case=Case.GENITIVE)
print(imported, first, time.perf_counter() - started)
"""


def demo_persons(*, double: bool) -> list[Person]:
    persons: list[Person] = []
    for sex, names in (
        (Sex.FEMALE, PolishNames.first_names_female),
        (Sex.MALE, PolishNames.first_names_male),
    ):
        firsts = list(names)
        if double:  # the generator's "first second", second != first
            firsts += [
                f"{first} {second}" for first in names for second in names if second != first
            ]
        for surname in SURNAMES:
            last = female_surname(surname) if sex == Sex.FEMALE else surname
            persons.extend((first, last, sex) for first in firsts)
    return persons


def count_certain(persons: list[Person]) -> None:
    by_case: Counter[Case] = Counter()
    uncertain_words: Counter[tuple[str, str]] = Counter()
    for first, last, sex in persons:
        for case in Case:
            name = decline_person(first_name=first, last_name=last, sex=sex, case=case)
            if name.certain:
                by_case[case] += 1
                continue
            for word in first.split():
                if not _word_certain(word, sex, case, kind=declension._FIRST_NAME):
                    uncertain_words[(word, sex)] += 1
            for word in last.split("-"):
                if not _word_certain(word, sex, case, kind=declension._SURNAME):
                    uncertain_words[(word, sex)] += 1
    forms = len(persons) * len(Case)
    total = sum(by_case.values())
    print(f"persons: {len(persons)}; forms (persons x 7 cases): {forms}")
    print(f"certain: {total} ({100 * total / forms:.2f} %)")
    for case in Case:
        print(f"  {case.name.lower():12} {by_case[case]:>9} of {len(persons)}")
    print("words left in the nominative (word, sex: forms):")
    for (word, sex), count in uncertain_words.most_common():
        print(f"  {word} ({sex}): {count}")


def _word_certain(word: str, sex: str, case: Case, *, kind: str) -> bool:
    return declension._decline_word(word, sex=sex, case=case, kind=kind).certain


def check_surname_rules() -> None:
    """The exact -ski/-ska/-ak rules against the dictionary, on the demo surnames they cover."""
    agree = differ = 0
    for surname in SURNAMES:
        for sex, written in ((Sex.MALE, surname), (Sex.FEMALE, female_surname(surname))):
            for case in DECLINED_CASES:
                ruled = declension._regular_surname_form(written, sex=sex, case=case)
                if ruled is None:
                    continue
                listed = declension._dictionary_form(
                    written, case=case, gender=declension._GENDER[sex], qualifier="nazwisko"
                )
                if ruled == listed:
                    agree += 1
                else:
                    differ += 1
                    print(f"  rule {ruled!r} but dictionary {listed!r} ({written}, {case.name})")
    print(f"surname rules against the dictionary: {agree} forms agree, {differ} differ")


def timings(persons: list[Person]) -> None:
    output = subprocess.run(  # noqa: S603  (this interpreter, this script's own code)
        [sys.executable, "-c", FIRST_CALL.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    imported, first, second = (float(value) * 1000 for value in output)
    print(
        f"fresh process: import {imported:.1f} ms, first call {first:.1f} ms (loads the "
        f"dictionary), next call {second:.3f} ms"
    )
    unseen = _per_call(persons[:: len(persons) // 2000], clear_cache=True)
    seen = _per_call(persons, clear_cache=False)
    print(f"warm, words not cached: median {unseen:.1f} µs a call (2000 persons x 7 cases)")
    print(f"warm, words cached: median {seen:.1f} µs a call (every person x 7 cases)")


def _per_call(persons: list[Person], *, clear_cache: bool) -> float:
    """Median time of one call; with `clear_cache`, Morfeusz generates every word anew."""
    samples = []
    for first, last, sex in persons:
        for case in Case:
            if clear_cache:
                declension._paradigm.cache_clear()
            started = time.perf_counter_ns()
            decline_person(first_name=first, last_name=last, sex=sex, case=case)
            samples.append(time.perf_counter_ns() - started)
    return statistics.median(samples) / 1000


def sample(persons: list[Person], size: int, seed: int) -> None:
    rng = random.Random(seed)
    for first, last, sex in rng.sample(persons, size):
        case = rng.choice([case for case in Case if case != Case.NOMINATIVE])
        name = decline_person(first_name=first, last_name=last, sex=sex, case=case)
        mark = "" if name.certain else "  [uncertain]"
        print(f"  {case.name.lower():12} {sex} {first} {last} -> {name.text}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--double", action="store_true", help="also two first names")
    parser.add_argument("--sample", type=int, default=0, help="print N random forms")
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    timings(demo_persons(double=False))
    persons = demo_persons(double=arguments.double)
    started = time.perf_counter()
    count_certain(persons)
    print(f"(counted in {time.perf_counter() - started:.1f} s)")
    check_surname_rules()
    if arguments.sample:
        print(f"random sample of {arguments.sample} (seed {arguments.seed}):")
        sample(persons, arguments.sample, arguments.seed)


if __name__ == "__main__":
    main()
