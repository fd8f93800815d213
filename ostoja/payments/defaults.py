"""The settings a centre starts from: the budget classification, funding, day of payment and
transfer title of each benefit paid in money, and empty payment settings. The accountant
corrects them on the settings page; seeding again never touches a centre's own rows.

Dział 852 "Pomoc społeczna" (rozdział 85214 zasiłki okresowe, celowe i pomoc w naturze, 85216
zasiłki stałe), dział 855 "Rodzina" (rozdział 85502 świadczenia rodzinne), paragraf 3110
"Świadczenia społeczne", as the centres' budgets show them [not confirmed: the Minister of
Finance's regulation on the classification was not read].
"""

from typing import Any

_UPS_TITLE = "|Dec. {decision}|Świadczenie z pomocy społecznej|wolne od egzekucji art.833 KPC"
_USR_TITLE = "|Dec. {decision}|Świadczenie rodzinne|wolne od egzekucji art.833 KPC"

# benefit, dział, rozdział, paragraf, funding, day, first line of the title
BENEFIT_DEFAULTS = (
    ("zasilek_staly", "852", "85216", "3110", "wlasne_dotacja", 10, "Zasiłek stały za {month}"),
    ("zasilek_okresowy", "852", "85214", "3110", "wlasne_dotacja", 10, "Zasiłek okresowy {month}"),
    ("zasilek_celowy", "852", "85214", "3110", "wlasne", 10, "Zasiłek celowy {month}"),
    (
        "specjalny_zasilek_celowy",
        "852",
        "85214",
        "3110",
        "wlasne",
        10,
        "Spec. zasiłek celowy {month}",
    ),
    ("zasilek_rodzinny", "855", "85502", "3110", "zlecone", 20, "Zasiłek rodzinny za {month}"),
    ("becikowe", "855", "85502", "3110", "zlecone", 20, "Zapomoga z tyt. urodzenia dziecka"),
    (
        "zasilek_pielegnacyjny",
        "855",
        "85502",
        "3110",
        "zlecone",
        20,
        "Zasiłek pielęgnacyjny {month}",
    ),
    (
        "swiadczenie_pielegnacyjne",
        "855",
        "85502",
        "3110",
        "zlecone",
        20,
        "Świadcz. pielęgnacyjne {month}",
    ),
)


def seed(benefit_payment: Any, payment_settings: Any) -> None:
    """Create what is missing (the models are passed in: a migration gives its historical
    ones)."""
    for benefit, section, chapter, paragraph, funding, day, first_line in BENEFIT_DEFAULTS:
        rest = _UPS_TITLE if section == "852" else _USR_TITLE
        benefit_payment.objects.get_or_create(
            benefit=benefit,
            defaults={
                "section": section,
                "chapter": chapter,
                "paragraph": paragraph,
                "funding": funding,
                "payment_day": day,
                "title_template": first_line + rest,
            },
        )
    payment_settings.objects.get_or_create(pk=1)
