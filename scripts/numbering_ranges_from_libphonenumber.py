#!/usr/bin/env python3
"""Provenance of Sources/GuichetData/Resources/numbering-ranges.json: the 10-digit French numbering
plan (metropolitan France and the overseas territories sharing it) transcribed as national-number
prefixes from libphonenumber's metadata (the `phonenumbers` PyPI package), plus ARCEP's telemarketing
ranges (decision 2022-1583). Run once when the metadata changes; Guichet reads only the JSON.

Every 6-digit national significant prefix is labelled with the (region, type) whose pattern accepts
all its completions; overseas regions are tried before metropolitan France (their ranges are the more
specific) except for 08 numbers, which are nationwide; then runs of 10 siblings with one label are merged into their parent prefix."""
import json
import re
import sys
from datetime import date

import phonenumbers
from phonenumbers import PhoneMetadata

REGIONS = ["GP", "BL", "MF", "MQ", "GF", "RE", "YT", "PM", "FR"]   # overseas first: more specific ranges
TYPES = [("mobile", "mobile"), ("fixed_line", "fixedGeographic"), ("toll_free", "tollFree"), ("premium_rate", "premium"),
         ("shared_cost", "sharedCost"), ("voip", "voip"), ("uan", "uan")]
TELEMARKETING = {  # ARCEP 2022-1583, in force 2023-01-01
    "162": "FR", "163": "FR", "270": "FR", "271": "FR", "377": "FR", "378": "FR", "424": "FR", "425": "FR",
    "568": "FR", "569": "FR", "948": "FR", "949": "FR", "9475": "GP", "9476": "GF", "9477": "MQ", "9478": "RE", "9479": "RE"}

patterns = []
for region in REGIONS:
    m = PhoneMetadata.metadata_for_region(region)
    for attr, kind in TYPES:
        d = getattr(m, attr)
        if d and d.national_number_pattern:
            patterns.append((region, str(m.country_code), kind, re.compile(d.national_number_pattern)))

def label(prefix6):
    # 08 numbers (free, shared-cost, premium) are nationwide: metropolitan France's first.
    order = sorted(patterns, key=lambda p: p[0] != "FR") if prefix6.startswith("8") else patterns
    for region, cc, kind, rx in order:
        samples = [prefix6 + tail for tail in ("000", "999", "417", "582")]
        if all(rx.fullmatch(s) for s in samples):
            return (region, cc, kind)  # Guichet's territory ids are libphonenumber's regions (ISO 3166)
    return None

labels = {}
for n in range(100000, 1000000):
    p = str(n)
    if p[0] == "0":
        continue
    l = label(p)
    if l:
        labels[p] = l

def merge(table, length):
    out = dict(table)
    for parent in sorted({p[:length - 1] for p in table if len(p) == length}):
        kids = [out.get(parent + str(d)) for d in range(10)]
        if all(k is not None and k == kids[0] for k in kids):
            for d in range(10):
                del out[parent + str(d)]
            out[parent] = kids[0]
    return out

table = labels
for length in range(6, 1, -1):
    table = merge(table, length)
for prefix, territory in TELEMARKETING.items():
    # The whole block is telemarketing: finer ranges inside it go.
    for p in [p for p in table if p.startswith(prefix) and p != prefix]:
        del table[p]
    cc = {"FR": "33", "GP": "590", "GF": "594", "MQ": "596", "RE": "262"}[territory]
    table[prefix] = (territory, cc, "telemarketing")

ranges = [{"prefix": p, "territory": t, "countryCode": cc, "type": k} for p, (t, cc, k) in sorted(table.items())]
codes = [str(c) for c in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE) if c != 800 and c < 1000]
source = f"libphonenumber metadata (phonenumbers {phonenumbers.__version__}); ARCEP decision 2022-1583 (telemarketing ranges); country calling codes: libphonenumber"
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("{\n" + f'"source": {json.dumps(source)},\n"generated": "{date.today().isoformat()}",\n"countryCodes": {json.dumps(codes)},\n"ranges": [\n')
    f.write(",\n".join(json.dumps(r, ensure_ascii=False) for r in ranges) + "\n]}\n")
print(len(ranges), "ranges")
