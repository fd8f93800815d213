"""The notes panels of the case page (`ostoja.casework.case_panels`)."""


def register() -> None:
    """Register this area's panels."""
