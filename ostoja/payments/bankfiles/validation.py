"""The validators that re-read each bank file before it may be downloaded.

Both take the file's bytes and the batch it was written for and return the problems found; the
caller refuses the download when `has_errors` says so.
"""

from ostoja.payments.bankfiles.elixir_validation import validate_elixir
from ostoja.payments.bankfiles.pain_validation import validate_pain001
from ostoja.payments.bankfiles.problems import Problem, has_errors

__all__ = ["Problem", "has_errors", "validate_elixir", "validate_pain001"]
