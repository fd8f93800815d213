"""Search by family name (surname at birth) ignoring case and diacritics: a folded copy of
`Person.family_name`, filled for existing rows, with a prefix index like the surname's."""

from typing import Any

from django.db import migrations, models

from ostoja.core.text import fold

BATCH = 2000


def fill_family_name_folded(apps: Any, schema_editor: Any) -> None:
    person_model = apps.get_model("registry", "Person")
    batch = []
    for person in person_model.objects.exclude(family_name="").only("pk", "family_name").iterator():
        person.family_name_folded = fold(person.family_name)
        batch.append(person)
        if len(batch) >= BATCH:
            person_model.objects.bulk_update(batch, ["family_name_folded"])
            batch = []
    if batch:
        person_model.objects.bulk_update(batch, ["family_name_folded"])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_invariants"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="family_name_folded",
            field=models.CharField(default="", editable=False, max_length=100),
        ),
        migrations.RunPython(fill_family_name_folded, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["family_name_folded"],
                name="person_family_name_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
    ]
