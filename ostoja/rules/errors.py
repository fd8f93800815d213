"""The one kind of error the rules raise for bad input: it names the field at fault."""


class RulesInputError(ValueError):
    """Input the rules cannot work with; `field` says where (e.g. "members[1].birth_date")."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class MissingParameterError(LookupError):
    """A parameter asked for on a day it has no value (before its first date or after its end)."""

    def __init__(self, name: str, day: object, *, known_until: object = None) -> None:
        super().__init__(f"no value of parameter {name} on {day}")
        self.name = name
        self.day = day
        self.known_until = known_until  # set when the values are known only until that day

    def explain(self) -> str:
        """What to tell the user: which parameter has no value, and until when it is known."""
        if self.known_until is not None:
            return f"{self.name} is known only until {self.known_until}"
        return f"no value of {self.name} on {self.day}"
