from ostoja.payments.bankfiles import (
    Batch,
    PainProfile,
    Problem,
    has_errors,
    pain001,
    validate_pain001,
)
from ostoja.payments.tests.bankfiles import samples

PROFILE = PainProfile()


def check(batch: Batch, data: bytes | None = None, profile: PainProfile = PROFILE) -> list[Problem]:
    if data is None:
        data = pain001.write(batch, profile)
    return validate_pain001(data, batch=batch, profile=profile)


def codes(problems: list[Problem]) -> list[str]:
    return sorted(problem.code for problem in problems)


def tampered(batch: Batch, old: str, new: str, profile: PainProfile = PROFILE) -> bytes:
    data = pain001.write(batch, profile).decode()
    assert old in data
    return data.replace(old, new, 1).encode()


def test_good_files_have_no_problems() -> None:
    assert check(samples.three()) == []
    nrb = PainProfile(account_form="nrb")
    assert check(samples.three(), profile=nrb) == []


def test_a_wrong_account_checksum() -> None:
    problems = check(samples.batch(samples.transfer(account=samples.WRONG_CHECKSUM)))
    assert codes(problems) == ["account_checksum"]
    assert problems[0].reference == "ZS-0001"
    assert problems[0].line is not None


def test_a_doubtful_sort_code_is_a_warning_only() -> None:
    problems = check(samples.batch(samples.transfer(account=samples.DOUBTFUL_SORT_CODE)))
    assert [(p.code, p.severity) for p in problems] == [("sort_code_check", "warning")]
    assert not has_errors(problems)


def test_a_wrong_control_sum_in_the_header() -> None:
    batch = samples.three()
    data = tampered(batch, "<CtrlSum>1942.01</CtrlSum>", "<CtrlSum>1942.02</CtrlSum>")
    problems = check(batch, data)
    assert codes(problems) == ["header_total"]
    assert "GrpHdr" in problems[0].message


def test_a_wrong_number_of_transfers_in_the_header() -> None:
    batch = samples.three()
    data = tampered(batch, "<NbOfTxs>3</NbOfTxs>", "<NbOfTxs>4</NbOfTxs>")
    assert codes(check(batch, data)) == ["header_count"]


def test_a_wrong_amount() -> None:
    batch = samples.three()
    data = tampered(batch, ">1229.00<", ">1229.10<")
    assert codes(check(batch, data)) == ["amount_differs", "header_total", "header_total", "total"]


def test_an_amount_with_three_decimals_in_the_file() -> None:
    batch = samples.three()
    data = tampered(batch, ">0.01<", ">0.011<")
    problems = check(batch, data)
    # The XSD allows 5 decimals; a złoty has 100 grosze.
    assert codes(problems) == ["amount_decimals", "header_total", "header_total", "total"]
    total = next(problem for problem in problems if problem.code == "total")
    assert "1942,011" in total.message.replace("\xa0", "")


def test_a_missing_and_a_doubled_reference() -> None:
    batch = samples.three()
    data = tampered(batch, "<EndToEndId>ZS-0003</EndToEndId>", "<EndToEndId>ZS-0001</EndToEndId>")
    assert codes(check(batch, data)) == ["duplicate_reference", "missing_reference"]


def test_a_title_longer_than_140() -> None:
    title = ("Zasiłek stały za 03/2025 " * 2, "Dec. OPS.8310.12.2025 " * 2) * 2  # 4 lines, 156
    batch = samples.batch(samples.transfer(title=title))
    problems = check(batch)
    assert "too_long" in codes(problems)
    assert "schema" in codes(problems)  # Max140Text


def test_a_title_cut_by_sepaxml_does_not_pass_unseen() -> None:
    # With transliteration sepaxml cuts the title to 140 characters: the file is valid XML,
    # but says less than the list.
    title = ("Zasiłek stały za 03/2025 " * 2, "Dec. OPS.8310.12.2025 " * 2) * 2
    profile = PainProfile(transliterate=True)
    batch = samples.batch(samples.transfer(title=title))
    assert codes(check(batch, profile=profile)) == ["too_long"]


def test_a_name_longer_than_70() -> None:
    name = "Stowarzyszenie Pomocy Osobom Niepełnosprawnym Intelektualnie Koło Przykładowo"
    assert len(name) == 77
    assert codes(check(samples.batch(samples.transfer(name=name)))) == ["too_long"]


def test_another_account_form_than_the_bank_takes() -> None:
    batch = samples.three()
    data = pain001.write(batch, PainProfile(account_form="nrb"))
    problems = check(batch, data, PainProfile(account_form="iban"))
    assert codes(problems) == ["account_form"] * 4  # the debtor's and three creditors'


def test_another_currency() -> None:
    batch = samples.three()
    data = tampered(batch, 'Ccy="PLN">713.00', 'Ccy="EUR">713.00')
    assert codes(check(batch, data)) == ["currency"]


def test_polish_letters_where_the_bank_wants_ascii() -> None:
    batch = samples.three()
    profile = PainProfile(transliterate=True)
    data = tampered(batch, "Jozef Zolkiewski", "Józef Żółkiewski", profile)
    problems = check(batch, data, profile)
    assert codes(problems) == ["non_ascii", "text_differs"]


def test_another_address_than_on_the_list() -> None:
    batch = samples.three()
    data = tampered(batch, "ul. Długa 15, 00-952", "ul. Długa 16, 00-952")
    problems = check(batch, data)
    assert codes(problems) == ["text_differs"]
    assert "Cdtr/PstlAdr/AdrLine" in problems[0].message


def test_another_execution_date() -> None:
    batch = samples.three()
    data = tampered(batch, "<ReqdExctnDt>2025-03-10<", "<ReqdExctnDt>2025-03-11<")
    assert codes(check(batch, data)) == ["execution_date"]


def test_another_debtor_account() -> None:
    batch = samples.three()
    data = tampered(batch, "PL" + samples.OPS, "PL" + samples.FOURTH)
    assert codes(check(batch, data)) == ["account_differs"]


def test_a_reference_too_long_for_the_schema() -> None:
    reference = "ZS-" + "1" * 33  # 36 characters; EndToEndId is Max35Text
    problems = check(samples.batch(samples.transfer(reference)))
    assert codes(problems) == ["schema", "schema"]  # EndToEndId and InstrId
    assert problems[0].line is not None
    assert "EndToEndId" in problems[0].message or "InstrId" in problems[0].message


def test_a_file_that_is_not_xml() -> None:
    problems = check(samples.three(), b"110,20250310,71300")
    assert codes(problems) == ["unreadable"]


def test_a_file_without_a_needed_element() -> None:
    batch = samples.three()
    data = tampered(batch, "<Nm>Łucja Ślęzak</Nm>", "")
    problems = check(batch, data)
    # The schema leaves the creditor's name optional; a Polish bank does not.
    assert codes(problems) == ["unreadable"]
    assert problems[0].line is not None


def test_an_empty_list() -> None:
    problems = check(samples.batch())
    # sepaxml writes no payment block for no payments: the file cannot be read back.
    assert codes(problems) == ["empty", "schema", "unreadable"]
