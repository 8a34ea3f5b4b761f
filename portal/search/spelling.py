"""Which words "did you mean" may correct: only those neither in the index nor ordinary English.

The English word list is wordfreq's (a package, read once when first needed): a word it knows is a
word, however rare in our content, so "carers" never becomes "care" and "mental" never "Mensah".
"""

import re
from functools import cache

# Letters only (hyphens and apostrophes inside); anything with a digit or other sign is not corrected.
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
MIN_ZIPF = 1.0  # wordfreq's floor: any word it lists at all


@cache
def _frequency():
    from wordfreq import zipf_frequency

    return zipf_frequency


def words(text: str) -> list[str]:
    """The words of a query, as typed."""
    return _WORD.findall(text)


def is_english_word(word: str) -> bool:
    """Whether the word (or each part of a hyphenated one) is ordinary English."""
    parts = [part for part in re.split(r"[-'\u2019]", word.lower()) if part]
    frequency = _frequency()
    return bool(parts) and (
        frequency(word.lower(), "en") >= MIN_ZIPF or all(frequency(part, "en") >= MIN_ZIPF for part in parts)
    )


def changed_words(typed: str, corrected: str) -> list[str]:
    """The words as typed that a suggestion replaces."""
    kept = {word.lower() for word in words(corrected)}
    return [word for word in words(typed) if word.lower() not in kept]
