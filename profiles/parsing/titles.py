# ruff: noqa: RUF001
"""Job titles in resumes: which phrases name a role, how to write them, the headline and the
roles a candidate says they want.

A phrase is a title when one of its words is the head noun of a role ("Counselor", "Key
Holder", "Franchisee"), across occupations, not only software.
"""

from __future__ import annotations

import re

TITLE_WORDS = frozenset(
    {
        "engineer", "developer", "programmer", "manager", "analyst", "designer", "scientist",
        "consultant", "specialist", "director", "lead", "intern", "assistant", "coordinator",
        "nurse", "teacher", "accountant", "architect", "administrator", "officer",
        "representative", "associate", "executive", "technician", "head", "president", "vp",
        "founder", "co-founder", "owner", "advisor", "adviser", "researcher", "professor",
        "lecturer", "instructor", "tutor", "writer", "editor", "recruiter", "marketer",
        "strategist", "planner", "supervisor", "clerk", "cashier", "agent", "therapist",
        "pharmacist", "physician", "attorney", "lawyer", "paralegal", "auditor", "controller",
        "bookkeeper", "buyer", "chef", "cook", "mechanic", "electrician", "operator", "trainee",
        "apprentice", "fellow", "partner", "principal", "sre", "devops", "qa", "tester", "cto",
        "ceo", "cfo", "coo", "cio", "cmo", "salesperson", "producer", "artist", "photographer",
        "counselor", "counsellor", "librarian", "scrum", "product-owner", "tech-lead",
        "webmaster", "dba", "hygienist", "dentist", "surgeon", "paramedic", "caregiver",
        "receptionist", "secretary", "advocate", "holder", "worker", "aide", "attendant",
        "teller", "banker", "broker", "underwriter", "adjuster", "estimator", "inspector",
        "pilot", "driver", "server", "bartender", "host", "hostess", "steward", "stewardess",
        "dispatcher", "trainer", "coach", "educator", "paraprofessional", "medic",
        "technologist", "dietitian", "nutritionist", "chemist", "biologist", "geologist",
        "draftsman", "drafter", "machinist", "welder", "carpenter", "plumber", "laborer",
        "foreman", "superintendent", "farmer", "agronomist", "rancher", "veterinarian",
        "groomer", "stylist", "merchandiser", "seamstress", "tailor", "curator", "illustrator",
        "animator", "musician", "journalist", "reporter", "correspondent", "publicist",
        "copywriter", "translator", "interpreter", "economist", "statistician", "actuary",
        "treasurer", "registrar", "scheduler", "expeditor", "purchaser", "investigator",
        "detective", "guard", "ranger", "firefighter", "sergeant", "lieutenant", "commander",
        "chief", "liaison", "ambassador", "concierge", "housekeeper", "janitor", "custodian",
        "nanny", "psychologist", "psychiatrist", "counsel", "mediator", "organizer",
        "facilitator", "dean", "provost", "faculty", "substitute", "franchisee", "proprietor",
        "entrepreneur", "contractor", "freelancer", "generalist", "rep", "closer", "preparer",
        "processor", "collector", "investor", "trader", "optometrist", "pharmacy-technician",
        "phlebotomist", "sonographer", "radiographer", "midwife", "doula", "lpn", "rn", "cna",
        "emt", "cpa", "sommelier", "baker", "butcher", "barista", "waiter", "waitress",
        "dishwasher", "porter", "valet", "cleaner", "landscaper", "gardener", "groundskeeper",
        "installer", "repairer", "fitter", "roofer", "painter", "mason", "glazier", "surveyor",
        "programmer-analyst", "scholar", "volunteer", "aviator", "mate", "captain", "crew",
        "skipper", "flight-attendant", "loadmaster", "navigator", "instructor-pilot",
        "first-officer", "interviewer", "leader", "teamleader", "finisher", "babysitter",
        "salesman", "saleswoman", "storekeeper",
        "staff", "tech", "transporter", "framer", "interventionist", "caretaker", "examiner",
        "appraiser",
        "assessor", "evaluator", "caseworker", "therapist-assistant", "paralegal-assistant",
        "hairdresser", "cosmetologist", "esthetician", "barber", "massage-therapist",
        "lifeguard", "usher", "stocker", "picker", "packer", "loader", "handler", "courier",
        "mover", "operator-trainee", "solicitor", "barrister", "notary", "clerk-typist",
        "typist", "stenographer", "transcriptionist", "analyst-programmer", "sysadmin",
        "administrator-trainee"
    }
)  # fmt: skip
# Upper-case words kept as they are when a title written in capitals is re-cased.
ACRONYMS = frozenset(
    {
        "HR", "IT", "QA", "VP", "CEO", "CFO", "CTO", "COO", "CIO", "CMO", "RN", "LPN", "CNA",
        "EMT", "CPA", "UX", "UI", "AR", "AP", "PR", "SEO", "SAP", "ERP", "CRM", "BI", "GIS",
        "CAD", "II", "III", "IV", "HVAC", "ESL", "ELL", "K-12", "PMO", "SQL", "NOC", "ICU",
        "ER", "OR", "PHP", "AWS", "DBA", "SRE", "CS", "ADP", "CNC", "EMS"
    }
)  # fmt: skip
SMALL_WORDS = frozenset({"and", "of", "the", "for", "in", "at", "to", "a", "an", "on", "with"})
MAX_TITLE_WORDS = 8
MAX_HEADLINE_LINES = 4
_WORD_RE = re.compile(r"[a-z][a-z-]*")
# "Full-Stack Developer with 3+ years of experience looking for ..." ends the title at "with".
_HEADLINE_TAIL_RE = re.compile(
    r"\s+(?:(?:with|-|–|—|\||•|looking|seeking|having)\s|[A-Z][\w-]*:).*$", re.I
)
_SELF_INTRO_RE = re.compile(r"^(?:I am|I'm|I’m)\s+(?:an?\s+)?", re.I)
_DESIRED_RE = re.compile(
    r"(?:seeking|looking for|to obtain|to secure|to find|interested in|pursue|pursuing)\s+"
    r"(?:an?\s+|the\s+)?(?:(?:full[- ]time|part[- ]time|challenging|new|entry[- ]level)\s+)*"
    r"(?:(?:position|role|job|career|opportunity|employment)\s+(?:as|of|in)\s+(?:an?\s+)?)?"
    r"(?P<title>[A-Za-z][\w/&.-]*(?:\s+[\w/&.-]+){0,6}?)"
    r"(?=\s+(?:position|role|job|opportunity|where|with|in|at|that|which|within|for)\b|[,.;:]|$)",
    re.IGNORECASE | re.MULTILINE,
)


def is_title(fragment: str) -> bool:
    """Whether ``fragment`` names a role: a role's head noun among at most eight words."""
    words = _WORD_RE.findall(fragment.lower())
    heads = any(w in TITLE_WORDS or w.rsplit("-", 1)[-1] in TITLE_WORDS for w in words)
    return 0 < len(words) <= MAX_TITLE_WORDS and heads


def normalise_title(title: str) -> str:
    """Re-case a title written in capitals ("HR ADMINISTRATOR" → "HR Administrator")."""
    title = re.sub(r"\s+", " ", title).strip(" ,;:|•·-–—#*_")
    letters = [ch for ch in title if ch.isalpha()]
    if not letters or not all(ch.isupper() for ch in letters):
        return title
    return " ".join(_recase(word, first=i == 0) for i, word in enumerate(title.split()))


def _recase(word: str, *, first: bool) -> str:
    if "/" in word:  # "ASSISTANT/HR" → "Assistant/HR"
        return "/".join(_recase(part, first=first) for part in word.split("/"))
    if word.strip("(),.") in ACRONYMS or len(word.strip("(),.&")) <= 1:
        return word
    if word.lower() in SMALL_WORDS and not first:
        return word.lower()
    return "-".join(part.capitalize() for part in word.split("-"))


def headline_title(lines: list[str], *, name: str) -> str:
    """The title the resume opens with ("HR MANAGER", or the line under the name)."""
    for line in [x for x in lines if x][:MAX_HEADLINE_LINES]:
        if line == name or "@" in line or re.search(r"\d{3}", line):
            continue
        candidate = _HEADLINE_TAIL_RE.sub("", _SELF_INTRO_RE.sub("", line)).strip()
        for part in re.split(r",\s*|\s+\|\s+|\s+\d", candidate):
            if part[:1].isupper() and is_title(part) and not part.endswith("."):
                return normalise_title(part)
    return ""


def desired_roles(text: str) -> list[str]:
    """Roles an objective or summary asks for ("seeking a position as a Staff Accountant")."""
    roles = []
    for m in _DESIRED_RE.finditer(text):
        title = m.group("title").strip()
        if is_title(title) and len(title.split()) <= MAX_TITLE_WORDS - 2:
            roles.append(normalise_title(title))
    return list(dict.fromkeys(roles))
