"""Find a person by any spelling of their name.

The readings spell Russian names differently (Ezhov and Yezhov, Tukhachevskii
and Tukhachevsky, Riutin and Ryutin). A search looks first at every name and
alias in ``people.csv``; a short, documented folding of transliteration
variants (:func:`fold_name`) catches most spellings that no alias lists.

Transliteration folding
-----------------------
Both the query and every name are folded the same way, so two spellings match
when their folded forms do:

1. Cyrillic letters are written in Library of Congress romanisation without
   diacritics (``Ежов`` → ``ezhov``), the system Getty & Naumov use.
2. Accents are dropped and case is ignored (``Blücher`` → ``blucher``).
3. A soft or hard sign (``'``) before a vowel is read as ``i``
   (``Zinov'ev`` → ``zinoviev``); elsewhere it is dropped.
4. ``y`` is read as ``i`` (``Ryutin`` → ``riutin``, ``Pyatakov`` → ``piatakov``).
5. At the start of a word or after a vowel, ``ie`` is read as ``e``, because
   English spellings write Е as "ye" there (``Yezhov`` → ``ezhov``,
   ``Andreyev`` → ``andreev``).
6. ``ii`` becomes ``i``, so the endings -ii, -iy and -y agree
   (``Tukhachevskii``, ``Tukhachevskiy``, ``Tukhachevsky`` → ``tukhachevski``).
7. ``kh`` becomes ``k`` and ``shch`` becomes ``sch``; ``x`` becomes ``ks``
   (``Khrushchev``, ``Kruschev`` → ``kruschev``; ``Alexander`` → ``aleksander``).

The folding is deliberately small: German or French spellings (Jeschow,
Toukhatchevski) are left to the aliases.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import pandas as pd

from purgelib._explorer import as_ids, require_columns
from purgelib.data import format_date, load

__all__ = ["fold_name", "find_people", "person_ids_matching", "person_names", "fates", "PeopleIndex"]

_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "'",
    "ы": "y",
    "ь": "'",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
_SIGNS = "'’ʹʼ`\""
_SIGN_BEFORE_VOWEL = re.compile(f"[{_SIGNS}](?=[aeiouy])")
_SIGN = re.compile(f"[{_SIGNS}]")
_IE_AFTER_VOWEL_OR_START = re.compile(r"(^|(?<=[aeiou]))ie")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_PEOPLE_COLUMNS = ("person_id", "name", "aliases")
_FATE_COLUMNS = ("person_id", "name", "arrested", "arrested_precision", "fate", "fate_date", "fate_date_precision")


def _plain(text: str) -> str:
    """Lower case, Cyrillic romanised, accents dropped: the folding that never merges spellings."""
    lowered = "".join(_CYRILLIC.get(char, char) for char in str(text).casefold())
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _fold_word(word: str) -> str:
    word = word.replace("y", "i")
    word = _IE_AFTER_VOWEL_OR_START.sub("e", word)
    while "ii" in word:
        word = word.replace("ii", "i")
    return word.replace("x", "ks").replace("shch", "sch").replace("kh", "k")


def fold_name(text: str) -> str:
    """Fold a name so that common transliteration variants become the same text.

    The rules are listed in the module's documentation; they are applied to
    the query and to the names alike.

    Parameters
    ----------
    text : str
        A name or part of one, in Latin or Cyrillic letters.

    Returns
    -------
    str
        Lower-case words separated by single spaces.

    Examples
    --------
    >>> fold_name("Yezhov"), fold_name("Ezhov"), fold_name("Ежов")
    ('ezhov', 'ezhov', 'ezhov')
    >>> fold_name("Tukhachevsky") == fold_name("Tukhachevskii")
    True
    >>> fold_name("Zinov'ev")
    'zinoviev'
    """
    plain = _plain(text)
    plain = _SIGN.sub("", _SIGN_BEFORE_VOWEL.sub("i", plain))
    words = _NOT_ALPHANUMERIC.split(plain)
    return " ".join(_fold_word(word) for word in words if word)


def _spaced(text: str) -> str:
    return " ".join(word for word in _NOT_ALPHANUMERIC.split(_SIGN.sub("", _plain(text))) if word)


class PeopleIndex:
    """Every spelling of every person, folded once, for fast repeated searches.

    Build it once from ``people.csv`` (or a frame with its columns) and call
    :meth:`ids_matching` or :meth:`find` as often as needed; the explorers do
    this so that typing in a search box does not re-fold every alias.

    Parameters
    ----------
    people : DataFrame, optional
        Columns ``person_id``, ``name`` and ``aliases`` (a list per row).
        Default: the course's ``people`` table.

    Examples
    --------
    >>> index = PeopleIndex()
    >>> sorted(index.ids_matching("Yezhov"))
    ['ezhov']
    """

    def __init__(self, people: pd.DataFrame | None = None) -> None:
        people = load("people") if people is None else people
        require_columns(people, _PEOPLE_COLUMNS, "people")
        self.people = people
        self._ids = people["person_id"].tolist()
        # One entry per spelling: (row position, the spelling, plain form, folded form).
        self._spellings: list[tuple[int, str, str, str]] = []
        self._recent: dict[str, dict[int, tuple[int, str]]] = {}
        for position, (person_id, name, aliases) in enumerate(
            zip(people["person_id"], people["name"], people["aliases"], strict=False)
        ):
            for spelling in [name, *_as_list(aliases), str(person_id).replace("-", " ")]:
                if isinstance(spelling, str) and spelling.strip():
                    self._spellings.append((position, spelling, _spaced(spelling), fold_name(spelling)))

    def _matches(self, query: str) -> dict[int, tuple[int, str]]:
        """Best (rank, spelling) per row position; lower rank is a better match."""
        # A search box sends the same query again whenever another control changes.
        if query not in self._recent:
            if len(self._recent) > 64:
                self._recent.clear()
            self._recent[query] = self._search(query)
        return self._recent[query]

    def _search(self, query: str) -> dict[int, tuple[int, str]]:
        plain_words, folded_words = _spaced(query).split(), fold_name(query).split()
        best: dict[int, tuple[int, str]] = {}
        if not plain_words:
            return best
        plain_query, folded_query = " ".join(plain_words), " ".join(folded_words)
        for position, spelling, plain, folded in self._spellings:
            rank = _rank(plain_query, plain_words, plain)
            if rank is None:
                # A transliteration variant counts after every spelling the data lists.
                folded_rank = _rank(folded_query, folded_words, folded)
                rank = None if folded_rank is None else folded_rank + 3
            if rank is not None and (position not in best or rank < best[position][0]):
                best[position] = (rank, spelling)
        return best

    def ids_matching(self, query: str) -> set[str]:
        """Ids of the people whose name or an alias matches ``query``."""
        return {self._ids[position] for position in self._matches(query)}

    def find(self, query: str) -> pd.DataFrame:
        """Matching rows of the people table, best match first, with the spelling that matched."""
        best = self._matches(query)
        order = sorted(best, key=lambda position: (best[position][0], str(self.people["name"].iloc[position])))
        found = self.people.iloc[order].copy()
        found["matched"] = [best[position][1] for position in order]
        return found.reset_index(drop=True)


def _as_list(value: object) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    if isinstance(value, str):
        return [item.strip() for item in value.split(";") if item.strip()]
    return []


def _rank(query: str, words: list[str], spelling: str) -> int | None:
    """0 the whole spelling, 1 the start of a word in it, 2 inside it, None no match.

    Every word of the query must occur in the spelling, so "Nikolai Ezhov"
    finds "Nikolai Ivanovich Ezhov".
    """
    if spelling == query:
        return 0
    padded = " " + spelling
    if all(" " + word in padded for word in words):
        return 1
    if all(word in spelling for word in words):
        return 2
    return None


def _index(people: pd.DataFrame | PeopleIndex | None) -> PeopleIndex:
    return people if isinstance(people, PeopleIndex) else PeopleIndex(people)


def find_people(query: str, people: pd.DataFrame | PeopleIndex | None = None) -> pd.DataFrame:
    """Find people by name or any alias, whatever the transliteration.

    Case and accents are ignored; a spelling listed in ``aliases`` is found
    as it is, and other transliteration variants through :func:`fold_name`.
    Every word of the query must match, so ``"Nikolai Yezhov"`` works too.

    Parameters
    ----------
    query : str
        A name or part of one (``"Yezhov"``, ``"tukhach"``, ``"Ежов"``).
    people : DataFrame or PeopleIndex, optional
        The people to search (default: the course's ``people`` table).

    Returns
    -------
    DataFrame
        The matching rows, best match first (the whole name, then the start
        of a word, then anywhere, then through transliteration folding), with
        a ``matched`` column giving the spelling that matched. An empty query
        matches nobody.

    Examples
    --------
    >>> find_people("Yezhov")[["person_id", "matched"]]
      person_id matched
    0     ezhov  Yezhov
    >>> find_people("Ryutin").loc[0, "person_id"]
    'riutin'
    """
    if not isinstance(query, str):
        raise TypeError(f"query must be text (a name), not {type(query).__name__}.")
    return _index(people).find(query)


def person_ids_matching(query: str, people: pd.DataFrame | PeopleIndex | None = None) -> set[str]:
    """The ``person_id`` of everyone :func:`find_people` finds for ``query``.

    Examples
    --------
    >>> sorted(person_ids_matching("Iagoda"))
    ['yagoda']
    """
    if not isinstance(query, str):
        raise TypeError(f"query must be text (a name), not {type(query).__name__}.")
    return _index(people).ids_matching(query)


def person_names(person_ids: Iterable[str], people: pd.DataFrame | None = None) -> list[str]:
    """The names of people given by id; an id not in the table is kept as it is.

    Examples
    --------
    >>> person_names(["ezhov", "nobody"])
    ['Nikolai Ivanovich Ezhov', 'nobody']
    """
    people = load("people") if people is None else people
    require_columns(people, ("person_id", "name"), "people")
    names = dict(zip(people["person_id"], people["name"], strict=False))
    return [names.get(person_id, person_id) for person_id in as_ids(person_ids, "person_ids")]


def fates(person_ids: Iterable[str], people: pd.DataFrame | None = None) -> pd.DataFrame:
    """What happened to people: name, arrest, fate and its date, dates written as precisely as known.

    ``person_ids`` is one id or a list of them.

    Examples
    --------
    >>> fates(["bukharin"]).loc["bukharin", ["fate", "fate_date"]].tolist()
    ['executed', '15 March 1938']
    """
    wanted = as_ids(person_ids, "person_ids")
    people = load("people") if people is None else people
    require_columns(people, _FATE_COLUMNS, "people")
    table = people.set_index("person_id")
    unknown = [person_id for person_id in wanted if person_id not in table.index]
    if unknown:
        raise ValueError(
            f"No person {', '.join(map(repr, unknown))} in people.csv. "
            "Use purgelib.find_people(name) to look someone up."
        )
    table = table.loc[wanted]
    written = {
        column: [
            format_date(date, str(precision))
            for date, precision in zip(table[column], table[f"{column}_precision"], strict=False)
        ]
        for column in ("arrested", "fate_date")
    }
    return table.assign(**written)[["name", "arrested", "fate", "fate_date"]]
