"""Which words "did you mean" may correct: only those neither in the index nor ordinary English.

The English word list is wordfreq's (a package, read once when first needed): a word it knows is a
word, however rare in our content, so "carers" never becomes "care" and "mental" never "Mensah".
wordfreq also lists the commonest misspellings, rarely ("peple", "helth"): a rare word may become
a far commoner one that differs by a letter or two, never a common word, never into a rarer one.
"""

import re
from functools import cache

# Letters only (hyphens and apostrophes inside); anything with a digit or other sign is not corrected.
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
MIN_ZIPF = 1.0  # wordfreq's floor: any word it lists at all
COMMON_ZIPF = 3.0  # once per million words or more: never corrected
MISSPELLING_GAP = 3.0  # a listed word is a misspelling when a near word is this much commoner (1,000 times)
MAX_EDITS = 2


@cache
def _frequency():
    from wordfreq import zipf_frequency

    return zipf_frequency


def words(text: str) -> list[str]:
    """The words of a query, as typed."""
    return _WORD.findall(text)


def _zipf(word: str) -> float:
    """wordfreq's frequency of the word or, for a hyphenated one, of its rarest part."""
    frequency = _frequency()
    parts = [part for part in re.split(r"[-'\u2019]", word.lower()) if part]
    if not parts:
        return 0.0
    return max(frequency(word.lower(), "en"), min(frequency(part, "en") for part in parts))


def is_english_word(word: str) -> bool:
    """Whether the word (or each part of a hyphenated one) is listed as English at all."""
    return _zipf(word) >= MIN_ZIPF


def is_common_word(word: str) -> bool:
    """Whether the word is ordinary English (at least once per million words): never corrected."""
    return _zipf(word) >= COMMON_ZIPF


def may_correct(word: str, correction: str) -> bool:
    """Whether `word` may become `correction`: it is no English word, or a rare listed misspelling of it."""
    from rapidfuzz.distance import Levenshtein

    typed = _zipf(word)
    if typed < MIN_ZIPF:
        return True
    return (
        typed < COMMON_ZIPF
        and Levenshtein.distance(word.lower(), correction.lower()) <= MAX_EDITS
        and _zipf(correction) >= typed + MISSPELLING_GAP
    )


def changed_words(typed: str, corrected: str) -> list[tuple[str, str]]:
    """(word as typed, what replaces it) for each word a suggestion changes ("" when the shapes differ)."""
    before, after = words(typed), words(corrected)
    if len(before) == len(after):
        return [(old, new) for old, new in zip(before, after, strict=True) if old.lower() != new.lower()]
    kept = {word.lower() for word in after}
    return [(old, "") for old in before if old.lower() not in kept]
