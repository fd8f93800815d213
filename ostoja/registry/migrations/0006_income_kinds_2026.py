"""Income kinds the rules added in 2026: school material aid, the 13th and 14th pensions and the
świadczenie uzupełniające. Codes are stable: the rules engine reads incomes by them."""

from django.db import migrations

KINDS = [
    ("stypendium_szkolne", "pomoc materialna dla uczniów (stypendium, zasiłek szkolny)", 175),
    (
        "dodatkowe_roczne_swiadczenie_pieniezne",
        "trzynasta emerytura (dodatkowe roczne świadczenie pieniężne)",
        85,
    ),
    (
        "kolejne_dodatkowe_roczne_swiadczenie_pieniezne",
        "czternasta emerytura (kolejne dodatkowe roczne świadczenie pieniężne)",
        86,
    ),
    ("swiadczenie_uzupelniajace", "świadczenie uzupełniające (500+ dla niesamodzielnych)", 95),
]


def add_kinds(apps, schema_editor):
    income_kind = apps.get_model("registry", "IncomeKind")
    for code, name, ordering in KINDS:
        income_kind.objects.update_or_create(
            code=code,
            defaults={"name": name, "excluded_from_social_assistance": True, "ordering": ordering},
        )


def remove_kinds(apps, schema_editor):
    """Back out only the kinds no income uses (PROTECT would refuse the others)."""
    used = set(apps.get_model("registry", "Income").objects.values_list("kind_id", flat=True))
    apps.get_model("registry", "IncomeKind").objects.filter(
        code__in=[code for code, _, _ in KINDS if code not in used]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_search_indexes_household_list")]
    operations = [migrations.RunPython(add_kinds, remove_kinds)]
