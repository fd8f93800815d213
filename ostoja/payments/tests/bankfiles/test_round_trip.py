"""1 000 random transfers written and read back: the file says what the list says."""

import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ostoja.payments.bankfiles import (
    Batch,
    ElixirProfile,
    PainProfile,
    Transfer,
    elixir,
    pain001,
    validate_elixir,
    validate_pain001,
)
from ostoja.payments.tests.bankfiles import samples

# Letters, digits and the punctuation of Polish names, addresses and titles; nothing a bank
# forbids, so that what is written is what was given.
ALPHABET = "aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄBCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻ0123456789-./,()"
WEIGHTS = (3, 9, 7, 1, 3, 9, 7)


def words(rng: random.Random, longest: int) -> str:
    """Words separated by single spaces, at most `longest` characters, no one-letter word
    (those are kept with the next one when a line is broken, which these lines never are)."""
    text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, 8)))
    while True:
        word = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, 8)))
        if len(text) + 1 + len(word) > longest:
            return text
        text = f"{text} {word}"


def account(rng: random.Random) -> str:
    # The sort code's check digit and the NRB's by docs/payments/formats.md §1.4, written out
    # again here.
    digits = [rng.randrange(10) for _ in range(7)]
    check = (10 - sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) % 10) % 10
    bban = "".join(map(str, digits)) + str(check)
    bban += "".join(str(rng.randrange(10)) for _ in range(16))
    return f"{98 - int(bban + '252100') % 97:02d}{bban}"


def random_batch(seed: int, size: int) -> Batch:
    rng = random.Random(seed)
    transfers = tuple(
        Transfer(
            reference=f"R{seed % 1000:03d}-{index:05d}",
            amount=Decimal(rng.randint(1, 9_999_999)).scaleb(-2),
            payee_name=words(rng, 35),
            payee_address=tuple(words(rng, 33) for _ in range(rng.randint(0, 2))),
            payee_account=account(rng),
            title=tuple(words(rng, 33) for _ in range(rng.randint(1, 4))),
        )
        for index in range(size)
    )
    return samples.batch(*transfers)


ROUND_TRIP = settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("encoding", ["cp1250", "utf-8", "cp852"])
@ROUND_TRIP
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_elixir_gives_the_batch_back(encoding: str, seed: int) -> None:
    batch = random_batch(seed, 1000)
    profile = ElixirProfile(encoding=encoding)
    data = elixir.write(batch, profile)
    records = elixir.read(data, profile)
    assert [
        (r.reference, r.amount, r.payee_account, r.payee_name_address, r.title) for r in records
    ] == [
        (
            t.reference,
            t.amount,
            t.payee_account,
            (t.payee_name, *t.payee_address) + ("",) * (3 - len(t.payee_address)),
            t.title,
        )
        for t in batch.transfers
    ]
    assert {(r.payer_account, r.execution_date) for r in records} == {
        (samples.OPS, samples.EXECUTION)
    }
    assert validate_elixir(data, batch=batch, profile=profile) == []


@pytest.mark.parametrize("form", ["iban", "nrb"])
@ROUND_TRIP
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_pain001_gives_the_batch_back(form: str, seed: int) -> None:
    batch = random_batch(seed, 1000)
    profile = PainProfile(account_form=form)  # type: ignore[arg-type]
    data = pain001.write(batch, profile)
    read = pain001.read(data)
    assert read.number_of_transactions == 1000
    assert read.control_sum == sum(t.amount for t in batch.transfers)
    assert [
        (t.end_to_end_id, t.amount, t.creditor_name, t.creditor_account, t.remittance)
        for t in read.transactions
    ] == [
        (t.reference, t.amount, t.payee_name, t.payee_account, ", ".join(t.title))
        for t in batch.transfers
    ]
    assert [t.creditor_address for t in read.transactions] == [
        (", ".join(t.payee_address),) if t.payee_address else () for t in batch.transfers
    ]
    assert validate_pain001(data, batch=batch, profile=profile) == []
