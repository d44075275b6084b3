#!/usr/bin/env python3
"""Writes the public holidays of every Guichet territory for 2024-2030, as computed by the
independent `holidays` package (PyPI), to the JSON file named as the first argument.
The Swift test GuichetCoreTests/HolidayReferenceTests compares Guichet's own calendar to it."""
import json
import sys

import holidays

TERRITORIES = {"FR": None, "GP": "GP", "MQ": "MQ", "GF": "973", "RE": "RE", "YT": "YT", "MF": "MF", "BL": "BL"}
YEARS = range(2024, 2031)

out = {"package": "holidays", "version": holidays.__version__, "years": [min(YEARS), max(YEARS)], "territories": {}}
for code, subdiv in TERRITORIES.items():
    table = holidays.France(subdiv=subdiv, years=YEARS) if subdiv else holidays.France(years=YEARS)
    out["territories"][code] = [{"date": d.isoformat(), "name": n} for d, n in sorted(table.items())]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
