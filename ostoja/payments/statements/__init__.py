"""Reading the bank's statement of returned transfers.

Some benefit transfers come back (a closed account, a wrong number, the recipient's death). The
bank reports them in a CSV export of the account's history or a report of returns, or in an
MT940 statement. These functions read such a file into a list of :class:`ReturnedTransfer`, each
with our own reference when the entry repeats it, so that it can be matched to the payment it
returns. Plain functions over the file's bytes: no database, no settings.
"""

from ostoja.payments.statements.common import ReturnedTransfer, StatementError
from ostoja.payments.statements.csv_export import Column, CsvProfile, parse_returns_csv
from ostoja.payments.statements.detect import detect_format
from ostoja.payments.statements.mt940_statement import parse_returns_mt940

__all__ = [
    "Column",
    "CsvProfile",
    "ReturnedTransfer",
    "StatementError",
    "detect_format",
    "parse_returns_csv",
    "parse_returns_mt940",
]
