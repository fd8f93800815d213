"""The demo gmina Dębowo: its places, its areas and the demo staff logins."""

import datetime

from ostoja.accounts.roles import Role

SEED = 8000
# Birth dates and membership dates are drawn relative to this fixed day, not today, so that the
# same persons (and PESELs) come out on every run.
REFERENCE_DAY = datetime.date(2025, 6, 30)
HOUSEHOLDS = 400
INCOME_MONTHS = 6

GMINA = "Dębowo"
TOWN = "Dębowo"
TOWN_POSTCODE = "00-950"
TOWN_STREETS = [
    "Rynek",
    "Kościuszki",
    "Mickiewicza",
    "Sienkiewicza",
    "Kościelna",
    "Szkolna",
    "Polna",
    "Leśna",
    "Ogrodowa",
    "Lipowa",
    "Dębowa",
    "Słoneczna",
    "Kolejowa",
    "Długa",
    "Krótka",
    "Łąkowa",
    "Parkowa",
    "Jana Pawła II",
    "Żeromskiego",
    "Wojska Polskiego",
    "3 Maja",
    "Piłsudskiego",
    "Konopnickiej",
    "Młyńska",
]
# Streets with blocks of flats: addresses there have a flat number.
BLOCK_STREETS = {"Wojska Polskiego", "Słoneczna", "Jana Pawła II", "Kolejowa", "Piłsudskiego"}
# Villages have no street names: an address is "Zalesie 12".
VILLAGES = [
    ("Dębówka", "00-951"),
    ("Zalesie", "00-952"),
    ("Stara Wola", "00-952"),
    ("Olszynka", "00-953"),
    ("Brzozowa Góra", "00-953"),
    ("Kępa Dębowska", "00-951"),
    ("Wólka Łęczycka", "00-954"),
]
AREA_TOWN = "Rejon 1 – Dębowo"
AREA_VILLAGES = "Rejon 2 – wsie"

# Logins of the demo; the README quotes them. Passwords are for a local demo only.
DEMO_USERS: list[dict[str, str]] = [
    {
        "username": "kierownik",
        "password": "demo-kierownik",
        "role": Role.DIRECTOR,
        "first_name": "Barbara",
        "last_name": "Wiśniewska",
    },
    {
        "username": "socjalny1",
        "password": "demo-socjalny1",
        "role": Role.SOCIAL_WORKER,
        "first_name": "Katarzyna",
        "last_name": "Zielińska",
        "area": AREA_TOWN,
    },
    {
        "username": "socjalny2",
        "password": "demo-socjalny2",
        "role": Role.SOCIAL_WORKER,
        "first_name": "Tomasz",
        "last_name": "Krawczyk",
        "area": AREA_VILLAGES,
    },
    {
        "username": "swiadczenia",
        "password": "demo-swiadczenia",
        "role": Role.BENEFITS_CLERK,
        "first_name": "Agnieszka",
        "last_name": "Lewandowska",
    },
    {
        "username": "ksiegowosc",
        "password": "demo-ksiegowosc",
        "role": Role.ACCOUNTING,
        "first_name": "Elżbieta",
        "last_name": "Dąbrowska",
    },
    {
        "username": "administrator",
        "password": "demo-administrator",
        "role": Role.ADMINISTRATOR,
        "first_name": "Piotr",
        "last_name": "Kamiński",
    },
    {
        "username": "iod",
        "password": "demo-iod-rodo",
        "role": Role.DATA_PROTECTION_OFFICER,
        "first_name": "Marek",
        "last_name": "Szymański",
    },
]

# Common Polish surnames in the masculine form; "-ski/-cki/-dzki" take "-ska/-cka/-dzka".
_SURNAMES = (
    "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański "
    "Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Wojciechowski Krawczyk Kaczmarek "
    "Piotrowski Grabowski Zając Pawłowski Michalski Król Wieczorek Jabłoński Wróbel Nowakowski "
    "Majewski Olszewski Stępień Malinowski Jaworski Adamczyk Dudek Nowicki Pawlak Górski Witkowski "
    "Walczak Sikora Baran Rutkowski Michalak Szewczyk Ostrowski Tomaszewski Pietrzak Marciniak "
    "Wróblewski Zalewski Jakubowski Jasiński Zawadzki Sadowski Bąk Chmielewski Włodarczyk "
    "Borkowski Czarnecki Sawicki Sokołowski Urbański Kubiak Maciejewski Szczepański Kucharski "
    "Wilk Kalinowski Lis Mazurek Wysocki Adamski Kaźmierczak Wasilewski Sobczak Czerwiński "
    "Andrzejewski Cieślak Głowacki Zakrzewski Kołodziej Sikorski Krajewski Gajewski Szymczak "
    "Szulc Baranowski Laskowski Brzeziński Makowski Ziółkowski Przybylski Żak Dębski Łuczak"
)
SURNAMES = _SURNAMES.split()
