"""What a bank file is made of: the batch of transfers and the settings of the centre's bank.

A `Batch` is the payment list as the bank must execute it, already rendered to text (titles,
names, addresses) and free of database objects, so that writing and checking a file is a pure
function of it. The profiles hold what differs from bank to bank; several of their defaults rest
on one or two public implementations or on memory (see `docs/payments/formats.md` §1–2
and the notes at each field) and must be confirmed with one test import at the centre's bank.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from django.utils.translation import gettext as _

from ostoja.registry.validators import normalize_nrb

ENCODINGS = ("cp1250", "cp852", "iso-8859-2", "utf-8")
LINE_ENDS = ("\r\n", "\n")
ACCOUNT_FORMS = ("iban", "nrb")


@lru_cache(maxsize=65536)
def nrb(account: str) -> str:
    """An account as a bank file writes it: the registry's normalised NRB (no spaces, dashes or
    "PL"). Cached: the writers and the validators each ask for every account of a list."""
    return normalize_nrb(account)


class BankFileError(ValueError):
    """A bank file that cannot be read; `line` is 1-based (None when the file as a whole is
    wrong, e.g. it is not XML)."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Transfer:
    """One payment item. `reference` is our unique id of it (Elixir field 16, pain.001
    EndToEndId and InstrId); `title` holds the rendered lines of the title."""

    reference: str
    amount: Decimal
    payee_name: str
    payee_address: tuple[str, ...]
    payee_account: str
    title: tuple[str, ...]


@dataclass(frozen=True)
class Batch:
    """The transfers of one file, all debiting the centre's one account on one day."""

    file_id: str
    created_at: datetime.datetime
    execution_date: datetime.date
    payer_name: str
    payer_address: tuple[str, ...]
    payer_account: str
    transfers: tuple[Transfer, ...]

    @property
    def count(self) -> int:
        return len(self.transfers)

    @property
    def total(self) -> Decimal:
        return sum((transfer.amount for transfer in self.transfers), Decimal(0))


@dataclass(frozen=True)
class ElixirProfile:
    """How one bank wants its Elixir-O import file.

    Not confirmed, hence settings: `order_type` "110" and `classification` "51" are remembered
    from bank manuals, not seen in a source (docs/payments/formats.md §1.3 [M]; one public
    exporter writes "210"/"01" for its own payments); whether fields 6, 7 and 15 are quoted
    differs between the two public writers [?]; 16 characters for field 16 is a safe guess (one
    exporter trims to 19) [M]; the forbidden characters are those of one bank system's import
    validator (e25).
    """

    encoding: str = "cp1250"
    quote_accounts: bool = True
    quote_classification: bool = True
    order_type: str = "110"
    classification: str = "51"
    reference_length: int = 16
    forbidden_characters: str = ":;&@$"
    transliterate: bool = False
    line_end: str = "\r\n"

    def __post_init__(self) -> None:
        if self.encoding not in ENCODINGS:
            raise ValueError(
                _("The encoding %(encoding)s is not supported; choose one of: %(choices)s.")
                % {"encoding": self.encoding, "choices": ", ".join(ENCODINGS)}
            )
        if self.line_end not in LINE_ENDS:
            raise ValueError(_("A line of a bank file ends with CR LF or LF."))
        if self.reference_length < 1:
            raise ValueError(_("The length of the reference must be at least 1."))


@dataclass(frozen=True)
class PainProfile:
    """How one bank wants its pain.001.001.03 file.

    `account_form` "iban" writes `<IBAN>PL…</IBAN>` (ING shows it), "nrb" the bare 26 digits in
    `<Othr><Id>` (BNP Paribas' guide shows it); which one a bank takes is to be checked with it.
    `transliterate` writes ASCII only: the SEPA character set is Latin-only, while Polish
    domestic imports are believed to take Polish letters in UTF-8 [M]. `charge_bearer` is
    sepaxml's "SLEV"; for PLN banks are said to omit it or use "SHAR" [M]: an empty value
    leaves the element out.
    """

    account_form: Literal["iban", "nrb"] = "iban"
    transliterate: bool = False
    message_id_prefix: str = ""
    charge_bearer: str = "SLEV"

    def __post_init__(self) -> None:
        if self.account_form not in ACCOUNT_FORMS:
            raise ValueError(
                _("The account form %(form)s is not supported; choose iban or nrb.")
                % {"form": self.account_form}
            )
