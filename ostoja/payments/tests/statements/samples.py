"""What the tests' hand-written bank files share."""

REFERENCE = r"W-\d{4}-\d{2}-\d{6}"

# Invented account numbers with valid check digits (and valid sort-code check digits).
OWN_ACCOUNT = "48109010140000000123456789"
ACCOUNT_A = "03114020040000400055556666"
ACCOUNT_B = "71124050060000300012340001"
ACCOUNT_C = "77102040140000220033334444"
# ACCOUNT_A with its last digit changed: the checksum fails.
ACCOUNT_A_MISTYPED = "03114020040000400055556667"


def lines(*rows: str, encoding: str = "cp1250", end: str = "\r\n") -> bytes:
    """A file as a Windows program writes it: the rows with CR LF after each."""
    return "".join(row + end for row in rows).encode(encoding)
