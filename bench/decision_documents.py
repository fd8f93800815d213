"""How long the DOCX and the PDF of a typical decision take: `render_docx` and `render_pdf`.

    .venv/bin/python bench/decision_documents.py            # 20 runs of each after a warm-up
    .venv/bin/python bench/decision_documents.py --runs 50

The decision is typical of a GOPS: a signed grant of a zasiłek okresowy and a zasiłek celowy
(two lines), a legal basis over two acts, a factual justification of four paragraphs and a
legal one of four, the instruction on appeal and the distribution list. It is made as rows in
a throwaway SQLite test database (config.settings.test, migrated at start), so each call does
what the view will do: read the decision's lines, look for the centre's own template (none:
the default), decline the party's name, render and, for the PDF, lay the pages out.

The first call of each (a warm-up, timed and reported separately) pays for Morfeusz's
dictionary (the DOCX, called first) and WeasyPrint's fonts (the PDF); the import of WeasyPrint,
which the first PDF of a process would also pay, is timed on its own before it. Then `--runs`
calls are timed and their median and maximum printed. The issue's limit is 1 s for each
document.
"""

# ruff: noqa: E402  (Django is set up before the project is imported)
import argparse
import datetime
import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.test.utils import setup_databases, setup_test_environment, teardown_databases
from django.utils import timezone, translation

from ostoja.benefits.catalogue import Act, Benefit
from ostoja.benefits.documents.pdf import render_pdf
from ostoja.benefits.documents.render import render_docx
from ostoja.benefits.drafting import appeal_instruction, legal_basis
from ostoja.benefits.models import (
    Authorisation,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionRegister,
    DecisionState,
    PaymentMethod,
)
from ostoja.registry.tests.factories import (
    AreaFactory,
    HouseholdFactory,
    PersonFactory,
    UserFactory,
    make_nrb,
)

DAY = datetime.date(2025, 4, 1)
LIMIT_SECONDS = 1.0

FACTS = """W dniu 3 marca 2025 r. Pani Maria Lipowska złożyła wniosek o przyznanie zasiłku okresowego oraz zasiłku celowego na zakup opału na zimę.
W dniu 10 marca 2025 r. pracownik socjalny przeprowadził rodzinny wywiad środowiskowy, w którym ustalono, że wnioskodawczyni prowadzi wspólne gospodarstwo domowe z synem Janem, uczniem szkoły podstawowej, pozostaje bez pracy i jest zarejestrowana w powiatowym urzędzie pracy jako bezrobotna bez prawa do zasiłku.
Dochód rodziny w miesiącu lutym 2025 r. wyniósł 1 100,00 zł, tj. 550,00 zł na osobę, przy kryterium dochodowym na osobę w rodzinie 823,00 zł. Rodzina ponosi stałe koszty utrzymania mieszkania oraz zakupu leków.
Mieszkanie jest ogrzewane piecem kaflowym; rodzina nie ma zapasu opału na okres grzewczy, a jej dochód nie pozwala na jego zakup."""  # noqa: E501

LAW = """Zgodnie z art. 8 ust. 1 pkt 2 ustawy o pomocy społecznej prawo do świadczeń pieniężnych z pomocy społecznej przysługuje osobie w rodzinie, w której dochód na osobę nie przekracza kryterium dochodowego na osobę w rodzinie.
Zgodnie z art. 38 ust. 1 ustawy zasiłek okresowy przysługuje w szczególności ze względu na długotrwałą chorobę, niepełnosprawność, bezrobocie, możliwość utrzymania lub nabycia uprawnień do świadczeń z innych systemów zabezpieczenia społecznego; kwotę zasiłku ustalono zgodnie z art. 38 ust. 2 pkt 2 ustawy.
Zgodnie z art. 39 ust. 1 i 2 ustawy w celu zaspokojenia niezbędnej potrzeby bytowej może być przyznany zasiłek celowy, w szczególności na pokrycie części lub całości kosztów zakupu opału.
Wobec spełnienia przesłanek ustawowych orzeczono jak w sentencji."""  # noqa: E501


def typical_decision() -> Decision:
    """The decision measured, with its rows (see the module's docstring)."""
    household = HouseholdFactory(
        area=AreaFactory(name="Rejon Północ"),
        street="Lipowa",
        house_number="3",
        flat_number="2",
        postcode="00-950",
    )
    mother = PersonFactory(
        first_names="Maria", surname="Lipowska", sex="K", birth_date=datetime.date(1985, 5, 12)
    )
    signer = UserFactory(
        username="kierownik", role="kierownik", first_name="Krystyna", last_name="Wiśniewska"
    )
    authorisation = Authorisation.objects.create(
        user=signer,
        number="OR.0052.7.2024",
        granted_by="Wójt Gminy Dębowo",
        granted_on=datetime.date(2024, 1, 2),
        valid_from=datetime.date(2024, 1, 2),
        position="Kierownik Gminnego Ośrodka Pomocy Społecznej w Dębowie",
        recorded_by=signer,
    )
    register = DecisionRegister.objects.create(
        name="Rejestr", symbol="GOPS.8311", act=Act.SOCIAL_ASSISTANCE
    )
    # Written for signature, its lines added, then signed: as the application does it (on
    # PostgreSQL a trigger refuses lines added to a signed decision).
    decision = Decision.objects.create(
        household=household,
        party=mother,
        kind=DecisionKind.GRANT,
        act=Act.SOCIAL_ASSISTANCE,
        state=DecisionState.FOR_APPROVAL,
        drafted_by=signer,
        legal_basis=legal_basis(
            kind=DecisionKind.GRANT,
            act=Act.SOCIAL_ASSISTANCE,
            day=DAY,
            benefits=[Benefit.ZASILEK_OKRESOWY, Benefit.ZASILEK_CELOWY],
        ),
        operative=(
            "1. Przyznaje się Pani Marii Lipowskiej zasiłek okresowy w wysokości 418,00 zł "
            "(słownie: czterysta osiemnaście złotych 00/100) miesięcznie na okres od 1 marca "
            "2025 r. do 31 sierpnia 2025 r., płatny w kasie ośrodka.\n"
            "2. Przyznaje się Pani Marii Lipowskiej zasiłek celowy z przeznaczeniem na: zakup "
            "opału w wysokości 1 229,50 zł (słownie: jeden tysiąc dwieście dwadzieścia "
            "dziewięć złotych 50/100) na dzień 1 kwietnia 2025 r., płatny na rachunek bankowy."
        ),
        justification_facts=FACTS,
        justification_law=LAW,
        appeal_instruction=appeal_instruction(),
        distribution=(
            "Otrzymują:\n1. Pani Maria Lipowska – strona\n2. Księgowość – do realizacji\n3. a/a"
        ),
    )
    lines = (
        (Benefit.ZASILEK_OKRESOWY, "418.00", datetime.date(2025, 3, 1), datetime.date(2025, 8, 31)),
        (Benefit.ZASILEK_CELOWY, "1229.50", DAY, DAY),
    )
    for benefit, amount, start, end in lines:
        method = PaymentMethod.BANK if benefit == Benefit.ZASILEK_CELOWY else PaymentMethod.CASH
        DecisionLine.objects.create(
            decision=decision,
            benefit=benefit,
            person=mother,
            amount=Decimal(amount),
            purpose="zakup opału" if benefit == Benefit.ZASILEK_CELOWY else "",
            period_from=start,
            period_to=end,
            payee=mother,
            method=method,
            account=make_nrb(7) if method == PaymentMethod.BANK else "",
        )
    Decision.objects.filter(pk=decision.pk).update(
        state=DecisionState.SIGNED,
        register=register,
        year=2025,
        sequence=1,
        number="GOPS.8311.1.2025",
        signed_by=signer,
        authorisation=authorisation,
        signed_at=timezone.now(),
        issued_on=DAY,
    )
    return decision


def measure(name: str, make: Callable[[], bytes], runs: int) -> None:
    started = time.perf_counter()
    size = len(make())
    first = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        make()
        times.append(time.perf_counter() - started)
    median, worst = statistics.median(times), max(times)
    verdict = "within" if worst <= LIMIT_SECONDS else "OVER"
    print(
        f"{name}: {size / 1024:.0f} KB; first call {first * 1000:.0f} ms; "
        f"{runs} runs: median {median * 1000:.0f} ms, max {worst * 1000:.0f} ms "
        f"({verdict} the {LIMIT_SECONDS:.0f} s limit)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        with translation.override("pl"):
            decision = Decision.objects.get(pk=typical_decision().pk)
            measure("DOCX", lambda: render_docx(decision), arguments.runs)
            started = time.perf_counter()
            import weasyprint  # noqa: F401  (timed: the PDF's first call in a process pays it)

            print(f"import of WeasyPrint: {(time.perf_counter() - started) * 1000:.0f} ms")
            measure("PDF", lambda: render_pdf(decision), arguments.runs)
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
