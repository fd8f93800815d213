"""The fill page's part of the offline copy: its texts for the script, in Polish."""

import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_the_panel_gives_the_script_its_addresses_and_polish_texts() -> None:
    html = render_to_string("casework/_offline_panel.html")
    assert 'data-logout-url="/konto/wylogowanie/"' in html
    assert 'data-sw-url="/praca-socjalna/sw.js"' in html
    assert 'data-text-saved="Zapisano na tym komputerze {time}"' in html
    assert 'data-text-mine="Moja odpowiedź (z laptopa)"' in html
    assert "Zabierz do pracy w terenie" in html
    assert "Odpowiedzi z tego komputera, jeszcze niewysłane" in html
