"""Health contributions the centre pays to ZUS for recipients of zasiłek stały: registrations
(ZUS ZZA) and deregistrations (ZUS ZWUA) from the awards, the month's contributions (ZUS RZA)
from the zasiłek stały actually paid, the settlement (ZUS DRA), the KEDU file for Płatnik and the
figures of the year.

- `configuration`: the payer's data (`zus_settings`, `zus_settings_update`).
- `registrations`: `zus_registration_sync`, `zus_registration_end`, `zus_other_title_record`.
- `months`: `zus_deadline`, `zus_month_prepare`, `zus_month_declare`.
- `selectors`: `zus_registration_plan`, `zus_month_overview`, `zus_year_figures`.
- `kedu`: the KEDU XML and the CSV tables; `exports`: their download as an action.

Importing the package registers the scopes of its records (`policy`) and its kinds of action
(each module's), so that the history of a person names them whichever page is opened first.
"""

from ostoja.payments.zus import exports, policy  # noqa: F401
