"""Every definition file under forms/ loads and passes the loader's checks."""

from datetime import date

from ostoja.casework.questionnaire import (
    FORMS_DIR,
    KIND_CODES,
    load_file,
    load_questionnaires,
    questionnaire_for,
)


def test_every_form_file_loads() -> None:
    paths = sorted(FORMS_DIR.glob("*.yaml"))
    assert paths
    for path in paths:
        form = load_file(path)
        assert (form.code, form.version) in load_questionnaires()


def test_the_2021_form_serves_every_kind() -> None:
    for kind in KIND_CODES:
        assert questionnaire_for(kind, date(2024, 3, 1)).code == "rws-2021"
