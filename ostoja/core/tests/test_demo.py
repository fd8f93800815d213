"""Later capabilities add their demo records through seeders run in order after the registry's."""

import datetime

import pytest

from ostoja.core import demo


def test_seeders_run_in_their_order_and_report_a_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "DEMO_SEEDERS", {})
    calls: list[str] = []

    def seeder(name: str) -> demo.Seeder:
        def seed(today: datetime.date) -> str:
            calls.append(name)
            return f"{name} {today:%d.%m.%Y}"

        return seed

    demo.register_demo_seeder("b", 20, seeder("second"))
    demo.register_demo_seeder("a", 10, seeder("first"))
    with pytest.raises(ValueError, match="twice"):
        demo.register_demo_seeder("a", 30, seeder("again"))
    assert demo.run_demo_seeders(datetime.date(2026, 12, 2)) == [
        "first 02.12.2026",
        "second 02.12.2026",
    ]
    assert calls == ["first", "second"]
