"""What the user typed, as the database engines search it: plain words in groups, never query syntax.

Only words reach an engine (every quote, bracket, operator and control character is dropped here),
each engine quotes every word again in its own syntax, and the synonym rules the Elasticsearch
analyzer uses widen a word or phrase into the group of words that mean the same.
"""

import re
from dataclasses import dataclass
from functools import cache

from portal.search.documents import synonym_rules

# A word: letters or digits, joined by hyphens or apostrophes ("co-production", "people's").
TERM = re.compile(r"\w+(?:['\u2019-]\w+)*")
MAX_TERMS = 16
MAX_TERM_LENGTH = 60

# Words too common to narrow a search (PostgreSQL's English list; SQLite has none of its own).
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being below
    between both but by can did do does doing don down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    you your yours yourself yourselves
    """.split()  # noqa: SIM905 - a list this long reads better as text
)


@dataclass(frozen=True)
class Group:
    """One word of the query, or a phrase, with the alternatives the synonym rules give it."""

    alternatives: tuple[tuple[str, ...], ...]  # each alternative is a phrase: a tuple of words

    @property
    def phrases(self) -> list[str]:
        return [" ".join(words) for words in self.alternatives]


def terms(text: str) -> list[str]:
    """The words of a query, lower case, without any query syntax."""
    found = [match.group().replace("\u2019", "'").lower() for match in TERM.finditer(text)]
    return [term[:MAX_TERM_LENGTH] for term in found if term.strip("_")][:MAX_TERMS]


@cache
def _synonyms() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Phrase -> every phrase of its rule ("a, b, c" are equal; "a => b" sends a to b)."""
    table = {}
    for rule in synonym_rules():
        if "=>" in rule:
            left, right = rule.split("=>", 1)
            targets = tuple(tuple(terms(phrase)) for phrase in right.split(",") if terms(phrase))
            for phrase in left.split(","):
                if terms(phrase):
                    table[tuple(terms(phrase))] = targets
            continue
        phrases = tuple(tuple(terms(phrase)) for phrase in rule.split(",") if terms(phrase))
        for phrase in phrases:
            table[phrase] = tuple(dict.fromkeys(table.get(phrase, ()) + phrases))
    return table


def groups(text: str) -> list[Group]:
    """The query as groups to AND together (or OR, when nothing has every word), stop words left out."""
    words = terms(text)
    table = _synonyms()
    longest = max((len(phrase) for phrase in table), default=1)
    found = []
    position = 0
    while position < len(words):
        for length in range(min(longest, len(words) - position), 0, -1):
            phrase = tuple(words[position : position + length])
            rule = table.get(phrase) or table.get(tuple(_singular(word) for word in phrase))
            if rule:
                alternatives = (phrase, *(other for other in rule if other != phrase))
                found.append(Group(alternatives))
                position += length
                break
        else:
            found.append(Group(((words[position],),)))
            position += 1
    meaningful = [group for group in found if not _only_stop_words(group)]
    return meaningful or found


def _singular(word: str) -> str:
    """A plural's singular, roughly, so "service users" finds the rule for "service user"."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _only_stop_words(group: Group) -> bool:
    return len(group.alternatives) == 1 and all(word in STOP_WORDS for word in group.alternatives[0])
