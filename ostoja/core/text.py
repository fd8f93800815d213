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
