"""The demo municipality is loaded by one command (`seed_demo`): the registry makes the staff,
the areas and the families, then every later capability adds its own demo records on top of
them (case files, interviews, …) through a seeder it registers here in its `ready()`."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

# A seeder gets the reference day and returns one line for the command's summary.
Seeder = Callable[[datetime.date], str]


@dataclass(frozen=True)
class DemoSeeder:
    key: str
    order: int
    seed: Seeder


DEMO_SEEDERS: dict[str, DemoSeeder] = {}


def register_demo_seeder(key: str, order: int, seed: Seeder) -> None:
    if key in DEMO_SEEDERS:
        raise ValueError(f"demo seeder {key!r} registered twice")
    DEMO_SEEDERS[key] = DemoSeeder(key=key, order=order, seed=seed)


def run_demo_seeders(today: datetime.date) -> list[str]:
    """Every registered seeder in its order; their summary lines."""
    return [
        seeder.seed(today)
        for seeder in sorted(DEMO_SEEDERS.values(), key=lambda s: (s.order, s.key))
    ]
