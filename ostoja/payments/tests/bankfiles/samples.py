"""Synthetic batches for the bank-file tests: invented names and checksum-valid invented accounts.

The accounts' check digits, worked out by the rule of docs/payments/formats.md §1.4 (an NRB is
valid when `NRB[2:] + "2521" + NRB[:2]` leaves 1 modulo 97; the check digits of a BBAN are
`98 - (BBAN + "252100") mod 97`):

* OPS = 61 1090 1014 0000 0712 1981 2874 (the example of §1.5): 1090101400000712198128742521 61
  taken 9 digits at a time: 109010140 mod 97 = 85; 850000712 mod 97 = 91;
  911981287 mod 97 = 91; 914252161 mod 97 = 1. Valid.
* CLIENT = 27 1140 2004 0000 3002 0135 5387 (§1.5).
* SECOND: BBAN 10201026 0000000000000001; 102010260 mod 97 = 16; 160000000 mod 97 = 52;
  520000000 mod 97 = 72; 721252100 mod 97 = 64; 98 - 64 = 34 → 34 1020 1026 0000 0000 0000 0001.
  Its sort code 10201026: 1·3 + 0·9 + 2·7 + 0·1 + 1·3 + 0·9 + 2·7 = 34, (10 - 4) mod 10 = 6. ✓
* THIRD, FOURTH: the same way.
* DOUBTFUL_SORT_CODE: the checksum is valid, but its sort code 10901015 should end in 4
  (1·3 + 0·9 + 9·7 + 0·1 + 1·3 + 0·9 + 1·7 = 76, (10 - 6) mod 10 = 4).
"""

import datetime
from decimal import Decimal

from ostoja.payments.bankfiles import Batch, Transfer

OPS = "61109010140000071219812874"
CLIENT = "27114020040000300201355387"
SECOND = "34102010260000000000000001"
THIRD = "81124010081111222233334444"
FOURTH = "95105010125555666677778888"
DOUBTFUL_SORT_CODE = "36109010150000071219812874"
# CLIENT with its last digit changed: the remainder moves by 10^6 mod 97 = 27, to 28.
WRONG_CHECKSUM = "27114020040000300201355388"

PAYER_NAME = "Gminny Ośrodek Pomocy Społecznej w Przykładowie"
PAYER_ADDRESS = ("ul. Lipowa 1", "00-950 Przykładowo")
EXAMPLE_TITLE = (
    "Zasiłek stały za 03/2025",
    "Dec. OPS.8310.12.2025",
    "Świadczenie z pomocy społecznej",
    "wolne od egzekucji art.833 KPC",
)
CREATED = datetime.datetime(2025, 3, 7, 9, 15, tzinfo=datetime.UTC)
EXECUTION = datetime.date(2025, 3, 10)


def transfer(
    reference: str = "ZS-0001",
    amount: str = "713.00",
    *,
    name: str = "Anna Nowak",
    address: tuple[str, ...] = ("ul. Polna 7 m. 3", "00-951 Przykładowo"),
    account: str = CLIENT,
    title: tuple[str, ...] = EXAMPLE_TITLE,
) -> Transfer:
    return Transfer(
        reference=reference,
        amount=Decimal(amount),
        payee_name=name,
        payee_address=address,
        payee_account=account,
        title=title,
    )


def batch(*transfers: Transfer, payer_account: str = OPS, file_id: str = "ZS-2025-03") -> Batch:
    return Batch(
        file_id=file_id,
        created_at=CREATED,
        execution_date=EXECUTION,
        payer_name=PAYER_NAME,
        payer_address=PAYER_ADDRESS,
        payer_account=payer_account,
        transfers=transfers,
    )


def three() -> Batch:
    """Three ordinary transfers, every check passing."""
    return batch(
        transfer("ZS-0001", "713.00"),
        transfer(
            "ZS-0002",
            "1229.00",
            name="Józef Żółkiewski",
            address=("ul. Długa 15", "00-952 Przykładowo"),
            account=SECOND,
            title=("Zasiłek okresowy za 03/2025", "Dec. OPS.8310.40.2025"),
        ),
        transfer(
            "ZS-0003",
            "0.01",
            name="Łucja Ślęzak",
            address=(),
            account=THIRD,
            title=("Zasiłek celowy",),
        ),
    )
