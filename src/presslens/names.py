"""Person names across transliterations: given-name equivalence, surname skeletons, initials.

The reference problem: one Russian official appears as "Dmytro Peskov" (from Ukrainian),
"Dmitry Peskov" (from Russian) and "Dmitri Peskov" (older English usage), while Navalny and his
wife Navalnaya, or Zelensky and Zelenska, must stay apart. String similarity cannot do both
(Jaro-Winkler scores Navalny/Navalnaya 0.956), so names are compared on two curated keys:
- a given name's *group* (data/names/given_names.json: Serhiy = Sergei = Sergey);
- a surname's *skeleton* (data/names/surname_rules.json: ordered rewrite rules that fold
  transliteration differences but keep gendered endings).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from presslens.data import load_json

# Words that may precede a name without being part of it.
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "sheikh", "ayatollah", "imam",
    "rabbi", "rev", "father", "king", "queen", "prince", "princess", "emir",
})
# Name particles that belong to the surname ("Aboul Gheit", "von der Leyen", "al-Assad").
PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "abul", "aboul", "von", "van", "der", "de", "da",
                       "del", "della", "di", "du", "la", "le", "dos", "das"})
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_INITIAL = re.compile(r"^([A-Z][a-z]?h?)\.?$")


def ascii_fold(text: str) -> str:
    """"Sébastien" -> "Sebastien": drop diacritics (names are compared without them)."""
    if text.isascii():  # nothing to drop, and most text is ASCII
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1)
def _given_tables() -> tuple[dict[str, str], dict[str, str], dict[str, tuple[str, ...]]]:
    """(spelling -> group canonical, canonical -> gender, canonical -> all spellings), lower-cased keys."""
    data = load_json("names/given_names.json")
    group_of: dict[str, str] = {}
    gender: dict[str, str] = {}
    spellings: dict[str, tuple[str, ...]] = {}
    for group in data["groups"]:
        canonical = group["canonical"]
        forms = (canonical, *group["variants"])
        for form in forms:
            group_of[ascii_fold(form).lower()] = canonical
        gender[canonical] = group["gender"]
        spellings[canonical] = tuple(f.lower() for f in forms)
    for code, names in data["english"].items():
        for name in names:
            gender.setdefault(name, code)
            group_of.setdefault(name.lower(), name)
            spellings.setdefault(name, (name.lower(),))
    return group_of, gender, spellings


@functools.lru_cache(maxsize=1)
def _surname_rules() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(p), r) for p, r in load_json("names/surname_rules.json")["rules"])


# cached like the other name functions of a string: a worker sees the same names again and again
# (the sizes bound memory at a few MB)
@functools.lru_cache(maxsize=16384)
def given_group(name: str) -> str:
    """The canonical spelling of a given name's group ("Serhiy" -> "Sergey"), or the name itself."""
    group_of = _given_tables()[0]
    return group_of.get(ascii_fold(name).lower(), name)


def is_known_given_name(name: str) -> bool:
    return ascii_fold(name).lower() in _given_tables()[0]


def given_gender(name: str) -> str | None:
    """"m", "f" or None for a given name."""
    _, gender, _ = _given_tables()
    return gender.get(given_group(name))


@functools.lru_cache(maxsize=4096)
def surname_skeleton(surname: str) -> str:
    """The transliteration skeleton of a surname: "Zelenskyy", "Zelenskiy", "Zelensky" share one;
    "Zelenska" has another."""
    key = re.sub(r"[\s'’`-]", "", ascii_fold(surname).lower())
    for pattern, replacement in _surname_rules():
        key = pattern.sub(replacement, key)
    return key


def is_initial(token: str) -> bool:
    """"O.", "I", "Yu." - an abbreviated given name."""
    return bool(_INITIAL.match(token)) and (token.endswith(".") or len(token) == 1)


def given_compatible(a: str, b: str) -> bool:
    """Whether two given names (or initials) can name the same person: same group, or an initial
    that starts some spelling of the other's group ("O." fits Alexei through Ukrainian "Oleksiy")."""
    a_initial, b_initial = is_initial(a), is_initial(b)
    if a_initial and b_initial:
        return a.rstrip(".").lower() == b.rstrip(".").lower()
    if a_initial or b_initial:
        initial, full = (a, b) if a_initial else (b, a)
        prefix = initial.rstrip(".").lower()
        group = given_group(full)
        forms = _given_tables()[2].get(group, (ascii_fold(full).lower(),))
        return any(form.startswith(prefix) for form in forms)
    return given_group(a) == given_group(b) or ascii_fold(a).lower() == ascii_fold(b).lower()


@dataclass(frozen=True)
class PersonName:
    """A person's name split into given names (possibly initials) and a surname."""

    given: tuple[str, ...]
    surname: str

    @property
    def skeleton(self) -> str:
        return surname_skeleton(self.surname)

    @property
    def first(self) -> str | None:
        return self.given[0] if self.given else None

    @property
    def gender(self) -> str | None:
        if self.first and not is_initial(self.first):
            found = given_gender(self.first)
            if found:
                return found
        return surname_gender(self.surname)


def surname_gender(surname: str) -> str | None:
    """Gender from Slavic surname endings (Navalnaya, Zelenska, Zakharova: f; Navalny, Peskov: m)."""
    lower = ascii_fold(surname).lower()
    if re.search(r"(aya|aia|ska|tska|ova|eva|yova|ina|yna)$", lower):
        return "f"
    if re.search(r"(sky|skiy|skyi|skyy|ov|ev|yov|in|yn|ny|nyi|iy|yi)$", lower):
        return "m"
    return None


@functools.lru_cache(maxsize=16384)
def split_name(text: str) -> PersonName | None:
    """Split a person mention ("Kremlin spokesman"-free): "O. Navalny", "I.Yashin",
    "Ahmed Abul Gheit", "Ursula von der Leyen", "Mr. Trump". None when nothing name-like is left."""
    text = ascii_fold(text).replace("’", "'")
    text = re.sub(r"'s?$", "", text.strip())
    text = re.sub(r"\b([A-Z][a-z]?)\.(?=[A-Z])", r"\1. ", text)  # "I.Yashin" -> "I. Yashin"
    tokens = [t for t in re.split(r"\s+", text) if t]
    while len(tokens) > 1 and tokens[0].rstrip(".").lower() in HONORIFICS:
        tokens = tokens[1:]
    while tokens and tokens[-1].rstrip(".,").lower() in _NAME_SUFFIXES:
        tokens = tokens[:-1]
    tokens = [t.rstrip(",") for t in tokens]
    if not tokens or not re.search(r"[A-Z]", tokens[-1]):
        return None
    # The surname is the last token plus the particles that introduce it ("Abul Gheit", "al-Assad").
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in PARTICLES:
        start -= 1
    surname = " ".join(tokens[start:])
    given = tuple(tokens[:start])
    if is_initial(surname):
        return None
    return PersonName(given=given, surname=surname)


def same_person_name(a: PersonName, b: PersonName) -> bool:
    """Whether two full names can name the same person: equal surname skeletons and compatible
    first given names (a missing given name is compatible with any)."""
    if a.skeleton != b.skeleton:
        return False
    if a.first is None or b.first is None:
        return True
    return given_compatible(a.first, b.first)


def russian_spelling(name: PersonName) -> str:
    """The Russian-based English spelling of a Russian-affiliated person's name: Ukrainian
    transliterations of the given name map to the Russian one (Serhiy -> Sergey) and Ukrainian
    adjectival endings to the Russian ones (-skyi -> -sky)."""
    given = [t if is_initial(t) else given_group(t) for t in name.given]
    surname = re.sub(r"(?<=[^aeiou])(yi|iy|yy)$", "y", name.surname)
    return " ".join([*given, surname])
