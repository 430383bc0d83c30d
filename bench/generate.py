"""Write N synthetic news articles (JSON lines) for benchmarks: varied states, bodies, officials,
sanctions, events, quotations and noise, from templates written for this project.

    python bench/generate.py 1000 bench/corpus-1k.jsonl [--seed 7]
"""
from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta

STATES = [("United States", "U.S.", "Washington", "American"), ("Russia", "Russian", "Moscow", "Russian"),
          ("China", "Chinese", "Beijing", "Chinese"), ("Iran", "Iranian", "Tehran", "Iranian"),
          ("North Korea", "North Korean", "Pyongyang", "North Korean"), ("Britain", "British", "London", "British"),
          ("France", "French", "Paris", "French"), ("Germany", "German", "Berlin", "German"),
          ("Turkey", "Turkish", "Ankara", "Turkish"), ("Japan", "Japanese", "Tokyo", "Japanese"),
          ("India", "Indian", "New Delhi", "Indian"), ("Brazil", "Brazilian", "Brasilia", "Brazilian"),
          ("Nigeria", "Nigerian", "Abuja", "Nigerian"), ("Mali", "Malian", "Bamako", "Malian"),
          ("Venezuela", "Venezuelan", "Caracas", "Venezuelan"), ("Cuba", "Cuban", "Havana", "Cuban"),
          ("Syria", "Syrian", "Damascus", "Syrian"), ("Belarus", "Belarusian", "Minsk", "Belarusian"),
          ("Ukraine", "Ukrainian", "Kyiv", "Ukrainian"), ("Israel", "Israeli", "Jerusalem", "Israeli")]
IMPOSERS = ["The European Union", "The United States", "Britain", "Canada", "Japan", "The U.N. Security Council"]
MINISTRIES = ["Foreign Ministry", "Finance Ministry", "Defence Ministry", "Interior Ministry", "Commerce Ministry"]
FIRST = ["Anna", "Pavel", "Li", "Omar", "Maria", "James", "Aiko", "Kwame", "Sofia", "Tomas", "Leila", "Arjun"]
LAST = ["Petrova", "Volkov", "Wei", "Haddad", "Silva", "Carter", "Tanaka", "Mensah", "Rossi", "Novak", "Karimi", "Rao"]
ROLES = ["Foreign Minister", "Finance Minister", "Deputy Prime Minister", "spokesperson", "Trade Minister"]
COMPANIES = ["Northstar Shipping Ltd", "Golden Delta Trading Co", "Arcadia Energy Holdings", "Bluewater Tankers Inc",
             "Silverline Logistics", "Eastgate Metals Group"]
OUTLETS = ["The Meridian Times", "Harbour Wire", "The Continental Post", "Daily Ledger"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
NOISE = ["Markets were little changed on the news.", "The talks are expected to resume next month.",
         "Analysts said the move had been widely expected.", "The dispute has simmered for years.",
         "Officials declined to give further details.", "Trade between the two rose last year."]


def person(rng: random.Random, state: tuple) -> str:
    """One of a handful of officials of that state (as in the news, where a state's officials recur
    and rarely serve another state)."""
    i = STATES.index(state) * 5 + rng.randrange(5)
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST) + i) % len(LAST)]}"


def article(i: int, rng: random.Random) -> dict:
    a, b = rng.sample(STATES, 2)
    imposer, company, outlet = rng.choice(IMPOSERS), rng.choice(COMPANIES), rng.choice(OUTLETS)
    minister, role, ministry = person(rng, a), rng.choice(ROLES), rng.choice(MINISTRIES)
    official, day = person(rng, b), rng.choice(WEEKDAYS)
    amount = rng.choice(["$1.2 billion", "$350 million", "at least 400 workers", "500,000 barrels a year"])
    paras = [
        f"{imposer} on {day} imposed sanctions on {a[0]}'s {ministry.lower()} and on {company}, accusing them "
        f"of helping {b[0]} evade an arms embargo.",
        f"The {a[1]} {ministry} said the measures were illegal and that {a[2]} would respond.",
        f"\u201cThese steps are an attack on our sovereignty and they will not go unanswered,\u201d "
        f"{a[3]} {role} {minister} told reporters in {a[2]}.",
        f"{b[2]} rejected the accusation. {official}, a senior {b[1]} official, said the shipments were worth "
        f"{amount} and had been approved under existing agreements.",
        f"{outlet} reported last month, citing {a[3]} officials, that {a[0]} was likely violating U.N. sanctions.",
        rng.choice(NOISE) + " " + rng.choice(NOISE),
    ]
    rng.shuffle(paras[3:])
    published = date(2023, 1, 1) + timedelta(days=rng.randrange(700))
    return {"id": f"bench-{i:06d}", "title": f"{imposer.replace('The ', '')} sanctions {a[0]} over {b[0]} arms",
            "published": published.isoformat(), "source": outlet, "text": "\n\n".join(paras)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8") as fh:
        for i in range(args.n):
            fh.write(json.dumps(article(i, rng)) + "\n")


if __name__ == "__main__":
    main()
