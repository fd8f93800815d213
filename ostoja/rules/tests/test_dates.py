import datetime

import pytest

from ostoja.rules.dates import in_force
from ostoja.rules.errors import RulesInputError

VERSIONS = {datetime.date(2004, 5, 1): "old", datetime.date(2024, 1, 1): "new"}


def test_the_version_in_force_is_the_latest_started() -> None:
    assert in_force(VERSIONS, datetime.date(2023, 12, 31)) == "old"
    assert in_force(VERSIONS, datetime.date(2024, 1, 1)) == "new"


def test_before_the_first_version_is_an_error_on_the_date() -> None:
    with pytest.raises(RulesInputError) as error:
        in_force(VERSIONS, datetime.date(2004, 4, 30))
    assert error.value.field == "date"
