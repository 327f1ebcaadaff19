"""A long invented text of a given size, built deterministically from the example articles'
paragraphs: each round through them is shuffled, and its people, weekdays and numbers are
changed, so the text is not a few paragraphs repeated verbatim."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
# The invented people of the examples, given name and surname, replaced round by round.
PEOPLE = [("Marta", "Kovalenko"), ("Pavel", "Strand"), ("Ilona", "Varga"), ("Tomas", "Reyes"), ("Lena", "Ortiz")]
GIVEN = ["Anna", "Marek", "Sofia", "Jonas", "Elena", "Viktor", "Nadia", "Oskar", "Irena", "Lukas", "Maria",
         "Daniel", "Hanne", "Ruben", "Karin", "Stefan", "Mira", "Tomas", "Lena", "Pavel", "Ilona", "Marta"]
SURNAMES = ["Berg", "Novak", "Lindqvist", "Moreau", "Halloran", "Kaminski", "Duarte", "Weiss", "Okafor",
            "Brandt", "Sorensen", "Haddad", "Castell", "Talvik", "Dressler", "Solberg", "Kovalenko", "Strand",
            "Varga", "Reyes", "Ortiz"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAY = re.compile(rf"\b(?:{'|'.join(WEEKDAYS)})\b")
_NUMBER = re.compile(r"\b\d{1,2}\b")


def example_paragraphs() -> list[str]:
    """Every non-empty line of the example articles, in a fixed order."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    for path in sorted(EXAMPLES.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [line.strip() for text in texts for line in text.split("\n") if line.strip()]


def varied(paragraph: str, round_: int) -> str:
    """``paragraph`` as round ``round_`` tells it: other people, another weekday, other numbers."""
    for i, (given, surname) in enumerate(PEOPLE):
        paragraph = paragraph.replace(given, GIVEN[(round_ * 7 + i * 3) % len(GIVEN)])
        paragraph = paragraph.replace(surname, SURNAMES[(round_ * 5 + i * 4) % len(SURNAMES)])
    paragraph = _WEEKDAY.sub(lambda m: WEEKDAYS[(WEEKDAYS.index(m.group()) + round_) % 7], paragraph)
    return _NUMBER.sub(lambda m: str(1 + (int(m.group()) + round_) % 28), paragraph)


def long_text(chars: int, seed: int = 18) -> str:
    """About ``chars`` characters (whole paragraphs, one a line, never more than ``chars``)."""
    pool = example_paragraphs()
    rng = random.Random(seed)
    out: list[str] = []
    size, round_ = 0, 0
    while True:
        order = pool[:]
        rng.shuffle(order)
        for paragraph in order:
            line = varied(paragraph, round_)
            if size + len(line) + 1 > chars:
                return "\n".join(out) + "\n" if out else line[:chars]
            out.append(line)
            size += len(line) + 1
        round_ += 1
