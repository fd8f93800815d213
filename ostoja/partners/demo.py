"""Demo institutions of the directory (synthetic names and numbers: each NIP and REGON has a
correct check digit and belongs to no real entity), so that a demo referral has somewhere to
go. Registered as a demo seeder (`ostoja.core.demo`)."""

import datetime

from ostoja.partners.models import Institution, InstitutionKind

DEMO_INSTITUTIONS = (
    {
        "name": "Poradnia Leczenia Uzależnień „Przystań” w Dębowie",
        "kind": InstitutionKind.ADDICTION_TREATMENT,
        "nip": "5260001246",
        "regon": "630000104",
        "town": "Dębowo",
        "street": "Szpitalna",
        "house_number": "4",
        "postcode": "00-950",
        "phone": "22 123 45 67",
        "offer": "Terapia indywidualna i grupowa; konsultacje dla rodzin we wtorki 16–19.",
    },
    {
        "name": "Poradnia Psychologiczno-Pedagogiczna w Dębowie",
        "kind": InstitutionKind.COUNSELLING,
        "nip": "7770003009",
        "regon": "630000200",
        "town": "Dębowo",
        "street": "Szkolna",
        "house_number": "12",
        "postcode": "00-950",
        "offer": "Diagnoza i terapia dzieci, poradnictwo dla rodziców.",
    },
    {
        "name": "Powiatowy Urząd Pracy w Lipowie",
        "kind": InstitutionKind.LABOUR_OFFICE,
        "nip": "8510004107",
        "regon": "630000305",
        "town": "Lipowo",
        "street": "Rynek",
        "house_number": "1",
        "offer": "Rejestracja, oferty pracy, szkolenia, prace społecznie użyteczne.",
    },
    {
        "name": "Stowarzyszenie „Pomocna Dłoń”",
        "kind": InstitutionKind.NGO,
        "nip": "1234567802",
        "regon": "630000400",
        "krs": "0000123456",
        "town": "Dębowo",
        "offer": "Bank żywności, odzież, pomoc w odrabianiu lekcji.",
    },
)


def seed(today: datetime.date) -> str:
    """The demo institutions, once (a second run adds nothing)."""
    added = 0
    for fields in DEMO_INSTITUTIONS:
        if Institution.objects.filter(nip=fields["nip"]).exists():
            continue
        institution = Institution(**fields)
        institution.full_clean()
        institution.save()
        added += 1
    return f"partners: {added} institutions"
