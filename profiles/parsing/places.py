"""Where a candidate lives: read only from the contact block, and only what looks like a place.

"Facebook, Twitter" and "V-Lookups, Formulas" have the shape "Word, Word" but name no place:
the second part must be a US state (code or name) or a country, or the text must carry a
label ("Location:", "Residence:").
"""

from __future__ import annotations

import re

from profiles.skills import extract_matches

US_STATES = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
    "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY", "DC"
)  # fmt: skip
STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming"
)
COUNTRIES = (
    "USA|United States|U\\.S\\.A?\\.?|Canada|Mexico|Brazil|Argentina|Chile|Colombia|Peru|UK|"
    "United Kingdom|England|Scotland|Wales|Ireland|France|Germany|Spain|Portugal|Italy|"
    "Netherlands|Belgium|Switzerland|Austria|Sweden|Norway|Denmark|Finland|Poland|Czechia|"
    "Czech Republic|Hungary|Romania|Bulgaria|Greece|Turkey|Ukraine|Russia|Belarus|Georgia|"
    "Armenia|Kazakhstan|Israel|Egypt|Morocco|Nigeria|Kenya|Ghana|South Africa|Zimbabwe|"
    "Ethiopia|India|Pakistan|Bangladesh|Sri Lanka|Nepal|China|Japan|Korea|South Korea|Taiwan|"
    "Hong Kong|Singapore|Malaysia|Thailand|Vietnam|Indonesia|Philippines|Australia|"
    "New Zealand|UAE|United Arab Emirates|Saudi Arabia|Qatar|Jordan|Lebanon|Cyprus"
)
_CITY = r"[A-Z][a-zA-Z.'-]+(?:\s[A-Z][a-zA-Z.'-]+){0,2}"
LOCATION_RE = re.compile(
    rf"\b({_CITY})\s?,\s?(?:({'|'.join(US_STATES)})\b(?:\s+\d{{5}}(?:-\d{{4}})?)?"
    rf"|({STATE_NAMES}|{COUNTRIES})\b)"
)
LOCATION_LABEL_RE = re.compile(
    r"(?:(?:location|address|residence|city of residence|based in|lives in)\s*:"
    r"|\b(?:i\s+)?(?:live|living|reside|residing|resident)\s+in\b)\s*"
    r"([^|•·\n:]{3,60}?)"
    r"(?=\s+[A-Z][a-z]+(?: of [a-z]+)?\s*:|,?\s+(?:and|but|or|which)\b|[.|•·\n]|$)",
    re.I,
)
# Lines about where someone was born or grew up, not where they live.
NOT_RESIDENCE_RE = re.compile(r"\b(?:birth|born|grew up|citizenship|nationality|hometown)\b", re.I)
# A contact line is short; a longer one is prose about the candidate's past.
MAX_CONTACT_LINE_CHARS = 80
# The template's own words, never a place.
PLACEHOLDERS = frozenset({"city", "state", "city, state", "country", "address"})
# Lines from the top of the resume that may hold the contact block.
HEADER_LINES = 12
# Around an address elsewhere (a contact block printed at the end of a page), a phone or an
# e-mail within this many lines makes it the candidate's.
CONTACT_WINDOW = 2
_EMAIL_RE = re.compile(r"\S@\S+\.\w")
# A street line ends where the city begins: "1961 Midway Avenue Shreveport, LA".
_STREET_RE = re.compile(
    r"^.*\b(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Drive|Dr\.?|Boulevard|Blvd\.?|Lane|Ln\.?|"
    r"Way|Court|Ct\.?|Place|Pl\.?|Suite|Apt\.?|Highway|Hwy\.?)\s+"
)


def is_place(fragment: str) -> bool:
    fragment = fragment.strip()
    if fragment in US_STATES or fragment.lower() in ("remote", "hybrid", "on-site"):
        return True
    if re.fullmatch(
        rf"(?:{COUNTRIES}|{STATE_NAMES})", fragment.title() if fragment.isupper() else fragment
    ):
        return True
    return bool(LOCATION_RE.fullmatch(fragment))


def find_location(header: list[str], contact: list[str], everything: list[str]) -> str:
    """The candidate's place from the header or contact section, else from an address block."""
    block = [*header[:HEADER_LINES], *contact]
    labelled = LOCATION_LABEL_RE.search("\n".join(block))
    if labelled and _plausible(labelled.group(1)):
        return _without_street(labelled.group(1))
    parts = [part for line in block for part in re.split(r"(?<=\.)\s+", line)]
    for part in parts:
        if len(part) <= MAX_CONTACT_LINE_CHARS and not NOT_RESIDENCE_RE.search(part):
            found = _place_in(part)
            if found:
                return found
    for index, line in enumerate(everything):
        found = _place_in(line)
        window = everything[max(0, index - CONTACT_WINDOW) : index + CONTACT_WINDOW + 1]
        # An employer's address comes with its phone; the candidate's with an e-mail.
        if found and re.search(r"\b\d{5}\b", line) and any(_EMAIL_RE.search(x) for x in window):
            return found
    return ""


def _place_in(line: str) -> str:
    for part in re.split(r"\s[|•·]\s|\s{2,}|\t", line):
        if "@" in part:
            continue
        for m in LOCATION_RE.finditer(part):
            city = _STREET_RE.sub("", m.group(1))
            region = m.group(2) or m.group(3)
            if city.lower() not in PLACEHOLDERS and not _names_a_skill(
                city, region, part[m.end() :]
            ):
                return f"{city}, {region}"
    return ""


def _names_a_skill(city: str, region: str, after: str) -> bool:
    """ "SQL, SPSS, Tableau, MS Excel" has the shape "City, ST" but lists software."""

    next_word = after.split()[0] if after.split() else ""
    return bool(extract_matches(city) or (next_word and extract_matches(f"{region} {next_word}")))


def _without_street(value: str) -> str:
    """ "Kiryat Ono, Montefiore, 13" → "Kiryat Ono": a street and number are not a location."""
    parts = [p.strip(" .") for p in value.split(",")]
    if len(parts) > 1 and any(ch.isdigit() for ch in value):
        return parts[0]
    return ", ".join(p for p in parts if p)


def _plausible(value: str) -> bool:
    value = value.strip(" .,")
    return bool(value) and value.lower() not in PLACEHOLDERS and any(ch.isalpha() for ch in value)
