"""The language an article is written in: English unless its text plainly says otherwise.

The English pipeline only makes sense of English, so an article in another language is recorded
without being analysed. The test must never turn away an English article, however short or full
of foreign names ("Janez Janša met Andrej Plenković in Ljubljana"). So, cheapest first:

1. text mostly in a non-Latin script (Cyrillic, Arabic, CJK, ...) is not English;
2. text in which English function words ("the", "said", "which") make up a fair share is English;
3. otherwise py3langid (naive Bayes over byte n-grams, deterministic, its model shipped in the
   package and loaded on first use) reads the text's lower-case words only, leaving out the
   names, which say little about the language of the sentence around them; the text is taken
   for another language only when English is all but ruled out.

With too little text to tell, the language the input declares decides, else English."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ENGLISH = "en"
UNDETERMINED = "und"  # BCP 47: a language that could not be told

# Frequent English words that are rarely words of the other languages written in Latin script
# (no "a", "in", "on", "at", "for", "by", "an", "as", "die", ...).
_FUNCTION_WORDS = frozenset("""the and that with said which who been would their they this from
were has have had it its of to is was be are not but he she his will or than what when""".split())
_WORD = re.compile(r"[^\W\d_]+")
_HIGH_LETTER = re.compile(r"[^\W\d_\u0000-\u024f]")  # a letter past Latin Extended-B: maybe of another script
_SAMPLE = 20_000  # characters looked at: enough to tell, cheap on a long article
_MIN_LETTERS = 30  # fewer letters than this: too little to tell
_MIN_SCRIPT_LETTERS = 10  # enough letters of a non-Latin script (a Chinese character says a lot)
_ENGLISH_SHARE = 0.10  # English prose is 25-30 % such words; other languages 0-7 %
_MIN_LOWER_LETTERS = 20  # letters of lower-case words needed to ask the detector
_NOT_ENGLISH = 0.05  # below this probability of English, a text is not English (English texts
#                     full of names score 0.35 and more on their lower-case words, others ~0)
# The detector's answers: the languages of langid.py's original model (its later additions are
# dialects and small languages that short English texts full of names get mistaken for).
_LANGUAGES = """af am ar as az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd
gl gu ha he hi hr ht hu hy id ig is it ja jv ka kk km kn ko ku ky la lg ln lo lt lv mg mk ml mn
mr ms my ne nl no om or pa pl ps pt qu ro ru sa si sk sl so sq sr sv sw ta te th tl tr ug uk ur
uz vi xh yo zh zu""".split()


def primary(tag: str | None) -> str | None:
    """The primary language subtag of a BCP 47 tag ("en-GB" -> "en"), lower case; None if blank."""
    if not tag or not tag.strip():
        return None
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower() or None


def is_english(tag: str | None) -> bool:
    return primary(tag) == ENGLISH


def detect_language(text: str, declared: str | None = None) -> str:
    """The primary language subtag of `text` ("en", "fr", ...); `declared` is what the input says."""
    sample = text[:_SAMPLE]
    words = _WORD.findall(sample)
    letters = sum(map(len, words))
    fallback = primary(declared) or ENGLISH
    latin = letters - sum(1 for ch in _HIGH_LETTER.findall(sample) if not _is_latin(ch))
    if letters >= _MIN_SCRIPT_LETTERS and latin < letters / 2:
        found = _ranked(sample)[0][0]
        return found if found != ENGLISH else UNDETERMINED
    if letters < _MIN_LETTERS:
        return fallback
    if sum(w.lower() in _FUNCTION_WORDS for w in words) >= _ENGLISH_SHARE * len(words):
        return ENGLISH
    lower = [w for w in words if w.islower()]
    if sum(map(len, lower)) < _MIN_LOWER_LETTERS:
        return fallback
    ranked = _ranked(" ".join(lower))
    if dict(ranked).get(ENGLISH, 0.0) < _NOT_ENGLISH:
        return ranked[0][0]
    return ENGLISH


def language_name(tag: str) -> str:
    """"French" for "fr" or "fr-CA"; the tag itself when pycountry does not know its language."""
    import pycountry

    code = primary(tag) or tag
    if code == UNDETERMINED:
        return "an undetermined language"
    found = pycountry.languages.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code})
    if found is None:
        return tag
    return re.sub(r"\s*\(.*\)$", "", getattr(found, "common_name", None) or found.name)  # no "(macrolanguage)"


def _is_latin(ch: str) -> bool:
    if ch < "\u0250":  # Basic Latin to Latin Extended-B
        return True
    return unicodedata.name(ch, "").startswith("LATIN")


def _ranked(text: str) -> list[tuple[str, float]]:
    """The detector's languages for `text`, most probable first, with their probabilities."""
    return _identifier().rank(text)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # ~1 s to load: only when needed

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(_LANGUAGES)
    return identifier
