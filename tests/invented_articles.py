"""Many distinct invented articles, generated from a few templates, for ingest, crash, load and
benchmark runs (no real text: names, places and numbers are made up)."""
from __future__ import annotations

PEOPLE = ["Oren Talvik", "Ilse Brandvold", "Hanne Solberg", "Pavel Dressler", "Mira Oskarsen", "Tomas Rellik",
          "Anja Veltrup", "Karel Dunmore", "Sofie Hallgren", "Ruben Castell"]
PLACES = ["Eastport", "Brindel", "Kelvra", "Norhaven", "Ostby", "Marrow Bay", "Tullin", "Vesterholm"]
GROUPS = ["the Harbour Workers Union", "the Norland Farmers League", "the Velorian Rail Company",
          "the Ostmark Chamber of Trade", "the Kelvra City Council"]
TEMPLATES = [
    "{person} of {group} said on Monday that {place} would receive {n} new buses before winter. "
    "\"We promised this to the people of {place} and we keep our promises,\" {last} told reporters. "
    "Critics in {place2} called the plan \"a cynical stunt\" and asked who would pay the drivers.",
    "Talks between {group} and the government of {place} broke down on Tuesday after {n} hours. "
    "{person} accused the ministry of bad faith. \"They never wanted an agreement,\" {last} said, "
    "adding that a strike in {place2} could begin within days.",
    "A fire at a warehouse in {place} destroyed {n} tonnes of grain, officials said on Wednesday. "
    "{person}, a spokesperson for {group}, said the cause was not yet known. "
    "Police in {place2} said they were questioning two night guards.",
]


def invented_article(i: int) -> str:
    person = PEOPLE[i % len(PEOPLE)]
    return TEMPLATES[i % len(TEMPLATES)].format(
        person=person, last=person.split()[-1], group=GROUPS[i % len(GROUPS)], place=PLACES[i % len(PLACES)],
        place2=PLACES[(i + 3) % len(PLACES)], n=12 + 7 * i)
