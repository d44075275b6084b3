#!/usr/bin/env python3
"""Writes a corpus of generated French-plan numbers with libphonenumber's verdict (the `phonenumbers`
package from PyPI) for Guichet's classification test: `phonenumbers_reference.py OUT COUNT`.
Each line: national number, then every (region, type) libphonenumber finds valid for it under the
country codes sharing the 10-digit plan (+33, +262, +508, +590, +594, +596)."""
import json
import random
import sys

import phonenumbers
from phonenumbers import PhoneNumberType as T

TYPES = {T.FIXED_LINE: "fixedGeographic", T.MOBILE: "mobile", T.TOLL_FREE: "tollFree", T.PREMIUM_RATE: "premium",
         T.SHARED_COST: "sharedCost", T.VOIP: "voip", T.UAN: "uan", T.FIXED_LINE_OR_MOBILE: "fixedOrMobile"}
CODES = [33, 262, 508, 590, 594, 596]

out, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261121)
with open(out, "w") as f:
    f.write(json.dumps({"package": "phonenumbers", "version": phonenumbers.__version__}) + "\n")
    for _ in range(count):
        # Half uniform, half near assigned blocks so that every range is exercised.
        first = rng.choice("123456789") if rng.random() < 0.5 else rng.choice(["5906", "5946", "5966", "2626", "2696", "6390", "6391", "6902",
                                                                              "6910", "6940", "6960", "6970", "7090", "9475", "9476", "2630"])
        nsn = (first + "".join(rng.choice("0123456789") for _ in range(9)))[:9]
        valid = []
        for cc in CODES:
            n = phonenumbers.PhoneNumber(country_code=cc, national_number=int(nsn))
            if phonenumbers.is_valid_number(n):
                region = phonenumbers.region_code_for_number(n)
                valid.append([region, TYPES.get(phonenumbers.number_type(n), "other")])
        f.write(json.dumps(["0" + nsn, valid]) + "\n")
