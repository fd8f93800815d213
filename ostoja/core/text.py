"""Polish text helpers: folding for diacritics-insensitive search and the Polish sort order."""

import unicodedata

# Letters that Unicode decomposition does not strip.
_SPECIAL_FOLDS = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "ß": "ss", "đ": "d"})

# The Polish alphabet: a ą b c ć d e ę f g h i j k l ł m n ń o ó p q r s ś t u v w x y z ź ż.
_POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_POLISH_RANK = {letter: index for index, letter in enumerate(_POLISH_ALPHABET)}


def fold(text: str) -> str:
    """Lower-case ASCII form of a name: "Żółtek" -> "zoltek". Used for prefix search."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_FOLDS).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()


def polish_sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """A key that orders strings as a Polish dictionary does ("Łukasz" after "Lucyna").

    Letters of the Polish alphabet rank by their place in it; any other character ranks after
    them by code point. Case is a tie-breaker only.
    """
    ranks = []
    for char in text.casefold():
        rank = _POLISH_RANK.get(char)
        ranks.append(rank if rank is not None else len(_POLISH_ALPHABET) + ord(char))
    return tuple(ranks), text


# Plural genitive of a surname, as in "Rodzina Nowaków", "Rodzina Kowalskich": the endings that
# decline predictably. Anything else (foreign or indeclinable names) stays as written.
_ADJECTIVAL_ENDINGS = (
    ("ski", "skich"),
    ("ska", "skich"),
    ("cki", "ckich"),
    ("cka", "ckich"),
    ("dzki", "dzkich"),
    ("dzka", "dzkich"),
    ("ny", "nych"),
    ("na", "nych"),
)
_CONSONANTS = set("bcćdfghjklłmnńprsśtwzźż")


def surname_plural_genitive(surname: str) -> str:
    """ "Nowak" -> "Nowaków", "Kowalska" -> "Kowalskich"; unknown patterns unchanged.

    Only the last part of a double-barrelled name declines here ("Nowak-Kowalski" ->
    "Nowak-Kowalskich"), which is how the centre's letters usually write it.
    """
    head, dash, last = surname.rpartition("-")
    lowered = last.lower()
    for ending, plural in _ADJECTIVAL_ENDINGS:
        if lowered.endswith(ending) and len(lowered) > len(ending) + 1:
            return f"{head}{dash}{last[: -len(ending)]}{plural}"
    if lowered and lowered[-1] in _CONSONANTS:
        return f"{head}{dash}{last}ów"
    return surname
