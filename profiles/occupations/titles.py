"""Title normalisation: lowercase, abbreviations expanded, seniority words and levels
dropped, plurals folded, resume noise (dates, employers after "at") cut away.

Pure Python; ``profiles.occupations.matching`` looks the normalised words up in the table.
"""

from __future__ import annotations

import re

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:[+#]+)?")
# Abbreviations expanded in every title (both the table's and the query's).
_ABBREVIATIONS = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "mgr": "manager",
    "mngr": "manager",
    "mgmt": "management",
    "hr": "human resources",
    "vp": "vice president",
    "svp": "vice president",
    "evp": "vice president",
    "avp": "vice president",
    "asst": "assistant",
    "assoc": "associate",
    "coord": "coordinator",
    "dir": "director",
    "exec": "executive",
    "engr": "engineer",
    "eng": "engineer",
    "dev": "developer",
    "pr": "public relations",
    "ux": "user experience",
    "ui": "user interface",
    "qa": "quality assurance",
    "it": "information technology",
    "rn": "registered nurse",
    "lpn": "licensed practical nurse",
    "cna": "certified nursing assistant",
    "acct": "accountant",
    "acctg": "accounting",
    "admin": "administrative",
    "rep": "representative",
    "reps": "representative",
    "spec": "specialist",
    "tech": "technician",
    "svc": "service",
    "svcs": "service",
    "ops": "operations",
    "bizdev": "business development",
    "fp&a": "fp and a",
    "r&d": "r and d",
    "f&b": "f and b",
}
# Roman and Arabic level numerals ("Accountant II", "Engineer 3").
_NUMERALS = ("i", "ii", "iii", "iv", "v", "vi", "1", "2", "3", "4", "5")
# Words that place a job on a ladder rather than name it, dropped unless they are the head
# ("Lead Teacher" is a teacher, "Team Lead" keeps its "lead").
_SENIORITY = frozenset(
    [
        "senior",
        "junior",
        "lead",
        "principal",
        "staff",
        "associate",
        "entry",
        "level",
        "trainee",
        "intern",
        "internship",
        "apprentice",
        "graduate",
        "interim",
        "acting",
        "deputy",
        "contract",
        "contractor",
        "temporary",
        "temp",
        "freelance",
        "remote",
        "global",
        *_NUMERALS,
        "sr",
        "jr",
        "head",
        "chief",
    ]
)
# Trailing words that give a level, not a job: "Accountant II", "Carpenter Apprentice".
_LEVELS = frozenset(
    [
        *_NUMERALS,
        "intern",
        "internship",
        "trainee",
        "apprentice",
        "temp",
        "contract",
        "contractor",
        "remote",
        "level",
        "entry",
    ]
)
# Heads that keep their seniority modifier: "Head Chef", "Chief Executive Officer".
_KEEPS_MODIFIER = frozenset({"chef", "officer", "cook", "teller", "nurse", "engineer"})
_STOPWORDS = frozenset({"of", "and", "the", "for", "in", "at", "to", "a", "an", "with", "on"})
# Canonical forms of word variants that name the same domain.
_VARIANTS = {
    "financial": "finance",
    "finances": "finance",
    "analytics": "analyst",
    "adviser": "advisor",
    "labourer": "laborer",
    "programme": "program",
    "organisation": "organization",
    "centre": "center",
    "cheque": "check",
    "colour": "color",
    "specialities": "specialty",
    # a "Java Developer" and a "Java Engineer" do one job
    "developer": "engineer",
    "developers": "engineer",
}
_SPLIT_RE = re.compile(r"\s[-\u2013\u2014|]\s|[,;(){}\[\]|]|\s@\s|\bat\b|\bwith\b")
_SLASH_RE = re.compile(r"(?<=[A-Za-z]{3})\s*/\s*(?=[A-Za-z]{3})|\s/\s")
# A resume's first line often runs on into its first section ("ACCOUNTANT Summary ...").
_RESUME_NOISE_RE = re.compile(
    r"(?<=\S)\s+(summary|profile|objective|qualifications|highlights|overview)\b.*", re.I
)
# Dates beside a title ("Staff Accountant 04/2002 to Current", "Intern, Summer 2018").
_YEAR_RE = re.compile(
    r"\b\d{1,2}/\d{2,4}\b|\b(19|20)\d\d\b|\b(summer|fall|winter|spring|present|current)\b"
    r"|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?=\s+\d)",
    re.I,
)


def _fold(token: str) -> str:
    token = _VARIANTS.get(token, token)
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def _expand(raw: str) -> list[str]:
    raw = raw.lower().replace("&", " and ").replace("'", "")
    tokens: list[str] = []
    for token in _TOKEN_RE.findall(raw):
        tokens.extend(_ABBREVIATIONS.get(token, token).split())
    return tokens


def normalize_title(title: str) -> tuple[str, ...]:
    """The title's words without seniority, stopwords and plurals ("Sr. HR Mgr II" → ...)."""
    words = [w for w in _expand(title) if w not in _STOPWORDS]
    while len(words) > 1 and words[-1] in _LEVELS:
        words.pop()  # trailing levels: "Accountant II", "Engineer 3"
    if not words:
        return ()
    if len(words) > 1 and words[-1] == "lead":
        words[-1] = "manager"  # "Policy Lead", "Brand Strategy Lead" run teams like managers
    head = words[-1]
    keep = head in _KEEPS_MODIFIER
    body = [w for w in words[:-1] if (keep and w in {"head", "chief"}) or w not in _SENIORITY]
    return tuple(_fold(w) for w in [*body, head])
