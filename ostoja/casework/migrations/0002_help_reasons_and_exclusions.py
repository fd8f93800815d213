"""The dictionary of reasons for help (art. 7 u.p.s.) and, on PostgreSQL, the rules that span
rows: the same reason for the same person (or the whole family) never overlaps in time within a
case, and a case has one social worker at a time.

The codes are stable: reports count families by them. The statute's points that name two
reasons together (pkt 8, 13, 14) are two codes, as the MRPiPS-03 report counts them apart.
"""

from django.db import migrations

# (code, name, provision, in use)
REASONS = [
    ("ubostwo", "ubóstwo", "art. 7 pkt 1", True),
    ("sieroctwo", "sieroctwo", "art. 7 pkt 2", True),
    ("bezdomnosc", "bezdomność", "art. 7 pkt 3", True),
    ("bezrobocie", "bezrobocie", "art. 7 pkt 4", True),
    ("niepelnosprawnosc", "niepełnosprawność", "art. 7 pkt 5", True),
    ("dlugotrwala_choroba", "długotrwała lub ciężka choroba", "art. 7 pkt 6", True),
    ("przemoc_domowa", "przemoc domowa", "art. 7 pkt 7", True),
    ("handel_ludzmi", "potrzeba ochrony ofiar handlu ludźmi", "art. 7 pkt 7a", True),
    ("ochrona_macierzynstwa", "potrzeba ochrony macierzyństwa", "art. 7 pkt 8", True),
    ("wielodzietnosc", "wielodzietność", "art. 7 pkt 8", True),
    (
        "bezradnosc_opiekuncza",
        "bezradność w sprawach opiekuńczo-wychowawczych i prowadzenia gospodarstwa domowego",
        "art. 7 pkt 9",
        True,
    ),
    # Pkt 10 (youth leaving care institutions) was repealed when foster care moved to its own
    # act; kept, out of use, so that old cases still read. The day of repeal is not confirmed.
    (
        "mlodziez_opuszczajaca_placowki",
        "trudności młodzieży opuszczającej całodobowe placówki opiekuńczo-wychowawcze",
        "art. 7 pkt 10 (uchylony)",
        False,
    ),
    (
        "integracja_cudzoziemcow",
        "trudności w integracji cudzoziemców (status uchodźcy, ochrona uzupełniająca, "
        "zezwolenie na pobyt czasowy)",
        "art. 7 pkt 11",
        True,
    ),
    (
        "po_zakladzie_karnym",
        "trudności w przystosowaniu do życia po zwolnieniu z zakładu karnego",
        "art. 7 pkt 12",
        True,
    ),
    ("alkoholizm", "alkoholizm", "art. 7 pkt 13", True),
    ("narkomania", "narkomania", "art. 7 pkt 13", True),
    ("zdarzenie_losowe", "zdarzenie losowe", "art. 7 pkt 14", True),
    ("sytuacja_kryzysowa", "sytuacja kryzysowa", "art. 7 pkt 14", True),
    ("kleska", "klęska żywiołowa lub ekologiczna", "art. 7 pkt 15", True),
    ("inny", "inny powód (wyliczenie art. 7 jest otwarte)", "art. 7", True),
]


def add_reasons(apps, schema_editor):
    help_reason = apps.get_model("casework", "HelpReason")
    for position, (code, name, article, active) in enumerate(REASONS, start=1):
        help_reason.objects.update_or_create(
            code=code,
            defaults={"name": name, "article": article, "ordering": position, "active": active},
        )


EXCLUSIONS = """
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE casework_casereason ADD CONSTRAINT casereason_no_overlap
    EXCLUDE USING gist (
        case_id WITH =,
        reason_id WITH =,
        (coalesce(person_id, 0)) WITH =,
        daterange(valid_from, valid_to, '[]') WITH &&
    );

ALTER TABLE casework_workerassignment ADD CONSTRAINT assignment_no_overlap
    EXCLUDE USING gist (case_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&);
"""

DROP_EXCLUSIONS = """
ALTER TABLE casework_casereason DROP CONSTRAINT IF EXISTS casereason_no_overlap;
ALTER TABLE casework_workerassignment DROP CONSTRAINT IF EXISTS assignment_no_overlap;
"""


def add_exclusions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(EXCLUSIONS, params=None)


def drop_exclusions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_EXCLUSIONS, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_reasons, migrations.RunPython.noop),
        migrations.RunPython(add_exclusions, drop_exclusions),
    ]
