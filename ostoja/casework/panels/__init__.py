"""Each area's panels of the case page and of the family's file, registered at start-up."""

from ostoja.casework.panels import contracts, cooperation, interviews, notes, referrals


def register() -> None:
    for area in (interviews, notes, contracts, referrals, cooperation):
        area.register()
