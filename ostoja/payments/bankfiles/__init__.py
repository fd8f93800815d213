"""The centre's bank files for a payment list: Elixir-O and pain.001.001.03, and their check.

Pure functions over frozen dataclasses: no models, no database, `Decimal` amounts. The
specification is `docs/payments/formats.md` §1–3; what it marks as unconfirmed is a
setting of `ElixirProfile` or `PainProfile`.

    data = elixir.write(batch, profile)
    problems = validate_elixir(data, batch=batch, profile=profile)
    if has_errors(problems): ...  # the file must not be downloaded
"""

from ostoja.payments.bankfiles import elixir, pain001
from ostoja.payments.bankfiles.elixir import ElixirRecord
from ostoja.payments.bankfiles.model import (
    BankFileError,
    Batch,
    ElixirProfile,
    PainProfile,
    Transfer,
)
from ostoja.payments.bankfiles.pain001 import PainFile, PainTransaction
from ostoja.payments.bankfiles.text import TextTooLongError, split_text, wrap
from ostoja.payments.bankfiles.titles import TitleTemplateError, check_title_template, render_title
from ostoja.payments.bankfiles.validation import (
    Problem,
    has_errors,
    validate_elixir,
    validate_pain001,
)

__all__ = [
    "BankFileError",
    "Batch",
    "ElixirProfile",
    "ElixirRecord",
    "PainFile",
    "PainProfile",
    "PainTransaction",
    "Problem",
    "TextTooLongError",
    "TitleTemplateError",
    "Transfer",
    "check_title_template",
    "elixir",
    "has_errors",
    "pain001",
    "render_title",
    "split_text",
    "validate_elixir",
    "validate_pain001",
    "wrap",
]
