"""The dictionary of income kinds. Codes are stable: the rules engine reads incomes by them."""

from django.db import migrations

# (code, name, not counted in social assistance under art. 8 ust. 4 u.p.s.)
KINDS = [
    ("wynagrodzenie", "wynagrodzenie za pracę", False),
    ("emerytura", "emerytura", False),
    ("renta", "renta", False),
    ("zasilek_dla_bezrobotnych", "zasiłek dla bezrobotnych", False),
    ("alimenty", "alimenty otrzymane", False),
    ("swiadczenie_alimentacyjne", "świadczenie z funduszu alimentacyjnego", False),
    ("zasilek_rodzinny", "zasiłek rodzinny z dodatkami", False),
    ("zasilek_pielegnacyjny", "zasiłek pielęgnacyjny", False),
    ("swiadczenie_pielegnacyjne", "świadczenie pielęgnacyjne", False),
    ("dodatek_mieszkaniowy", "dodatek mieszkaniowy", False),
    ("dzialalnosc_gospodarcza", "działalność gospodarcza", False),
    ("gospodarstwo_rolne", "dochód z gospodarstwa rolnego", False),
    ("swiadczenie_wychowawcze", "świadczenie wychowawcze (800+)", True),
    ("zasilek_celowy", "zasiłek celowy", True),
    ("prace_spolecznie_uzyteczne", "prace społecznie użyteczne", True),
    ("jednorazowe_swiadczenie_socjalne", "jednorazowe świadczenie pieniężne", True),
    ("swiadczenie_w_naturze", "świadczenie w naturze", True),
    ("inne", "inne", False),
]


def add_kinds(apps, schema_editor):
    income_kind = apps.get_model("registry", "IncomeKind")
    for position, (code, name, excluded) in enumerate(KINDS, start=1):
        income_kind.objects.update_or_create(
            code=code,
            defaults={"name": name, "excluded_from_social_assistance": excluded,
                      "ordering": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
