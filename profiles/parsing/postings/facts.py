# ruff: noqa: RUF001
"""Facts a posting states in passing: years asked, education, salary, remote, seniority.

Each reader takes the text of the sections where the fact can be stated (the caller keeps the
company blurb and benefits out of the years and education readers) and refuses look-alikes:
"401k" is a pension plan, "for over 20 years" is the company's age, "$5,000 learning budget"
is a perk, "10k employees" a headcount.
"""

from __future__ import annotations

import re

from profiles.parsing.postings.text import sentences

# ---- years of experience -------------------------------------------------------------------
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
MAX_YEARS_ASKED = 30  # more is a company's age or a date, not an experience requirement
_N = r"(?:\d{1,2}(?:\.5)?|" + "|".join(_WORD_NUMBERS) + ")"
_YEARS_RE = re.compile(
    rf"(?P<pre>(?:minimum|min\.?|at\s+least|no\s+less\s+than|not\s+less\s+than)(?:\s+of)?\s+)?"
    rf"\(?(?P<low>{_N})\)?\s*(?:(?:-|–|—|to)\s*(?P<high>{_N})\s*)?"
    r"(?P<plus>\+|\s+or\s+more|\s+plus)?\s*(?:years?|yrs?)(?![\w-])(?=(?P<after>.{0,60}))",
    re.I,
)
# After "N years": what makes it an experience requirement, and what makes it something else.
_EXPERIENCE_CUE = re.compile(
    r"^['’]?\s*(?:\)\s*)?(?:of|in|with|using|working|doing|building|developing|managing|leading|"
    r"as|experience|exp\b|hands|professional|relevant|industry|related|progressive|post|full|"
    r"prior|proven|practical|direct|combined|previous|work|commercial)",
    re.I,
)
_NOT_EXPERIENCE = re.compile(
    r"^['’]?\s*(?:of\s+)?(?:old|of\s+age|age|ago|in\s+business|history|heritage|anniversary|"
    r"warranty|contract|guarantee|of\s+operation|of\s+service|of\s+existence|of\s+growth|"
    r"of\s+success|of\s+innovation|running|in\s+a\s+row|from\s+now|later|of\s+college|"
    r"of\s+(?:university|school|study|studies|funding))",
    re.I,
)
# "for over 20 years", "since 1998", "in the last 5 years": the company's past, not a requirement.
_COMPANY_AGE_BEFORE = re.compile(
    r"(?:for|over\s+the\s+(?:past|last)|in\s+the\s+(?:past|last)|within|since|founded|been|within\s+the)"
    r"(?:\s+(?:over|more\s+than|nearly|almost|about|around|the\s+past|the\s+last))?\s*$",
    re.I,
)


_EXPERIENCE_BEFORE = re.compile(r"experience\W{0,3}(?:\w+\W+){0,4}$", re.I)


def years_asked(text: str) -> tuple[float | None, float | None]:
    """(min, max) years of experience ``text`` asks for; max is None without a stated range.

    Several statements ("5 years in software, 2 with AWS") ask for the largest lower bound.
    """
    lows: list[tuple[float, float | None]] = []
    for sentence in sentences(text):
        lows.extend(_years_in(sentence))
    if not lows:
        return None, None
    low = max(lo for lo, _ in lows)
    highs = [hi for lo, hi in lows if hi is not None and hi >= low]
    return low, (max(highs) if highs else None)


def _years_in(sentence: str) -> list[tuple[float, float | None]]:
    out: list[tuple[float, float | None]] = []
    lower = sentence.lower()
    if "year" not in lower and "yr" not in lower:
        return out
    has_experience = "experience" in lower or "exp." in lower
    for m in _YEARS_RE.finditer(sentence):
        if not _is_requirement(m, sentence, has_experience):
            continue
        low = _number(m.group("low"))
        high = _number(m.group("high")) if m.group("high") else None
        if high is not None and high < low:
            continue
        if low <= MAX_YEARS_ASKED and (high is None or high <= MAX_YEARS_ASKED):
            out.append((low, high))
    return out


def _is_requirement(m: re.Match[str], sentence: str, has_experience: bool) -> bool:
    after, before = m.group("after"), sentence[: m.start()]
    if _NOT_EXPERIENCE.match(after) or _COMPANY_AGE_BEFORE.search(before):
        return False
    if before.rstrip().endswith(("$", "€", "£")) or re.search(r"\d[,.]?$", before.rstrip()):
        return False  # "$1-2 years"? no: part of a larger number
    if _EXPERIENCE_CUE.match(after) or m.group("pre"):
        return True
    if not has_experience:
        return False
    # "5+ years, preferably in fintech (experience...)" or "Experience: 3-5 years"
    return bool(m.group("plus")) or bool(_EXPERIENCE_BEFORE.search(before))


def _number(raw: str) -> float:
    return float(_WORD_NUMBERS.get(raw.lower(), 0) or raw)


# ---- education -----------------------------------------------------------------------------
EDUCATION_LEVELS = ("high school", "associate", "bachelor", "master", "doctorate")
_EDUCATION_RE: dict[str, re.Pattern[str]] = {
    "doctorate": re.compile(
        r"\b(?i:ph\.?\s?d\.?|doctorate|doctoral|doctor\s+of)(?![\w])|\b(?:J\.D\.|JD)(?![\w])"
    ),
    "master": re.compile(
        r"\b(?i:master'?s?|m\.s\.|m\.sc\.?|msc|mba|m\.eng\.?|meng|m\.a\.|llm|ll\.m\.?)(?![\w])"
        r"|\bMS(?=\s*(?:degree|in\b|/|or\b|,))|(?<=/)MS\b",
    ),
    "bachelor": re.compile(
        r"\b(?i:bachelor'?s?|baccalaureate|b\.s\.|b\.a\.|b\.sc\.?|bsc|b\.eng\.?|beng|b\.tech|btech|"
        r"llb|ll\.b\.?|undergraduate\s+degree|(?:4|four)[- ]year\s+(?:degree|program)|"
        r"college\s+degree|university\s+degree)"
        r"(?![\w])|\b(?:BA|BS)(?=\s*(?:degree|in\b|/|or\b|,))|(?<=/)(?:BA|BS)\b",
    ),
    "associate": re.compile(
        r"\bassociate'?s?\s+(?:degree|of\s+(?:arts|science|applied))|\b(?:AA|AS)\s+degree", re.I
    ),
    "high school": re.compile(r"\b(?:high[- ]school|secondary\s+school|ged\b|hs\s+diploma)", re.I),
}
_ANY_DEGREE = re.compile(r"\b(?:degree|diploma)\s+in\b|\b(?:relevant|related)\s+degree\b", re.I)
_EQUIVALENT = re.compile(
    r"equivalent\s+(?:practical\s+|work\s+|professional\s+|relevant\s+)?experience|"
    r"equivalent\s+combination|or\s+equivalent\b",
    re.I,
)
_PREFERRED_CUE = re.compile(r"\b(?:preferred|a\s+plus|desirable|ideally|nice\s+to\s+have)\b", re.I)


def education_asked(text: str) -> tuple[str, bool]:
    """(lowest degree the text requires, whether equivalent experience is accepted)."""
    levels: list[str] = []
    equivalent = False
    for sentence in sentences(text):
        named = [lvl for lvl in EDUCATION_LEVELS if _EDUCATION_RE[lvl].search(sentence)]
        if not named and _ANY_DEGREE.search(sentence):
            named = ["bachelor"]  # "a degree in Computer Science" means a first degree
        if named and _PREFERRED_CUE.search(sentence) and len(named) == 1 and levels:
            continue  # "Master's preferred" after a stated minimum does not raise it
        levels.extend(named[:1])
        equivalent = equivalent or bool(named and _EQUIVALENT.search(sentence))
    if not levels:
        return "", False
    return min(levels, key=EDUCATION_LEVELS.index), equivalent


# ---- salary --------------------------------------------------------------------------------
_K = r"(?:k|K)"
_AMOUNT = r"\d{1,3}(?:[,.\s]\d{3})+(?:\.\d\d)?|\d+(?:\.\d+)?"  # "65,000.00": cents allowed
SALARY_RE = re.compile(
    rf"(?P<cur>[$€£]|USD|EUR|GBP)?\s?(?P<low>{_AMOUNT})\s?(?P<lowk>{_K})?(?![\w])"
    rf"(?:\s*(?:-|–|—|to)\s*(?P<cur2>[$€£]|USD|EUR|GBP)?\s?(?P<high>{_AMOUNT})\s?(?P<highk>{_K})?"
    r"(?![\w]))?"
    r"\s*(?P<cur3>USD|EUR|GBP)?"
    r"(?:\s*(?:per|a|an|/)\s*(?P<period>year|yr|annum|hour|hr|month|mo)\b)?",
)
CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "USD": "USD", "EUR": "EUR", "GBP": "GBP"}
HOURS_PER_YEAR, MONTHS_PER_YEAR = 2080, 12
PERIOD_FACTOR = {"hour": HOURS_PER_YEAR, "hr": HOURS_PER_YEAR, "month": MONTHS_PER_YEAR,
                 "mo": MONTHS_PER_YEAR}  # fmt: skip
MIN_ANNUAL, MAX_ANNUAL = 5_000, 2_000_000  # outside this a number is not a yearly salary
_PENSION_PLANS = ("401", "403", "457")  # "401k", "403(b)": retirement plans, not pay
# Words right after an amount that make it a count, a company figure or a perk.
_NOT_PAY_AFTER = re.compile(
    r"^(?:[\s+]*(?:\(?k\)|employees|people|staff|users|customers|members|clients|downloads|"
    r"students|patients|companies|businesses|stores|locations|followers|installs|sq|square|"
    r"units|transactions|requests|visitors|miles|hours|in\s+(?:revenue|funding|sales|assets|"
    r"annual\s+revenue|arr)|revenue|funding|million|billion|mn|bn|m\b|b\b)"
    r"|\s*(?:\w+\s+){0,2}(?:budget|stipend|allowance|signing|sign-on|referral|relocation|"
    r"tuition|reimbursement|credit|grant|bonus|match|matching|contribution)"
    r"|\s*for\s+(?:\w+\s+){0,2}(?:learning|training|education|development|conferences?|"
    r"wellness|gym|fitness|equipment|home|office|books|courses))",
    re.I,
)
_NOT_PAY_BEFORE = re.compile(
    r"(?:revenue|raised|funding|valuation|worth|turnover|budget|stipend|allowance|"
    r"bonus|reimbursement|grant|match|assets|arr)\W+(?:\w+\W+){0,3}$",
    re.I,
)


def parse_salary(text: str) -> tuple[int | None, int | None, str]:
    """(min, max, currency) per year from "$120k-$160k", "€50,000 per year", "$45/hour"."""
    for m in SALARY_RE.finditer(text or ""):
        found = _salary_of(m, text)
        if found is not None:
            return found
    return None, None, ""


def _salary_of(m: re.Match[str], text: str) -> tuple[int, int, str] | None:
    currency = CURRENCY.get(m.group("cur") or m.group("cur2") or m.group("cur3") or "", "")
    has_k = bool(m.group("lowk") or m.group("highk"))
    if not currency and not has_k and not m.group("period"):
        return None  # a bare number is not a salary
    if not _looks_like_pay(m, text, currency):
        return None
    # "120-160k": the k on the upper bound applies to a small lower bound too
    low_k = bool(m.group("lowk")) or (
        bool(m.group("highk")) and _amount(m.group("low"), False) < 1000
    )
    low = _amount(m.group("low"), low_k)
    high = _amount(m.group("high"), bool(m.group("highk"))) if m.group("high") else low
    factor = PERIOD_FACTOR.get((m.group("period") or "year").lower(), 1)
    low, high = sorted((low * factor, high * factor))
    if not (low >= MIN_ANNUAL and high <= MAX_ANNUAL):
        return None
    return round(low), round(high), currency or "USD"


def _looks_like_pay(m: re.Match[str], text: str, currency: str) -> bool:
    if not currency and m.group("low") in _PENSION_PLANS:
        return False
    if m.group("low") in _PENSION_PLANS and m.group("lowk") and not m.group("high"):
        return False  # "$401k" is still the pension plan when the currency sign is a typo
    after, before = text[m.end() : m.end() + 40], text[max(0, m.start() - 40) : m.start()]
    before = re.split(r"[\n;]|\.\s", before)[-1]  # only the amount's own sentence counts
    return not (_NOT_PAY_AFTER.match(after) or _NOT_PAY_BEFORE.search(before))


def _amount(raw: str, thousands: bool) -> float:
    digits = re.sub(r"[,\s]", "", raw)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):  # "50.000" written the European way
        digits = digits.replace(".", "")
    value = float(digits)
    return value * 1000 if thousands else value


# ---- remote --------------------------------------------------------------------------------
_REMOTE_PLACE = re.compile(r"\b(?:remote|work from home|wfh|anywhere|home[- ]based)\b", re.I)
_REMOTE_TEXT = re.compile(
    r"\b(?:fully\s+remote|100%\s+remote|remote[- ](?:first|only|position|role|job|opportunity|"
    r"eligible|ok|option|possible|friendly\s+(?:role|position))|(?:position|role|job)\s+is\s+"
    r"(?:fully\s+)?remote|work(?:ing)?\s+from\s+home|work\s+from\s+anywhere|"
    r"location\s*:\s*remote|\(remote\)|home[- ]based)\b",
    re.I,
)
_NOT_REMOTE = re.compile(
    r"\b(?:not\s+(?:a\s+)?remote|no\s+remote|non-remote|remote\s+work\s+is\s+not|"
    r"on-?site\s+only|must\s+be\s+on-?site|in-office\s+only|not\s+eligible\s+for\s+remote)",
    re.I,
)


def remote_of(title: str, location: str, text: str) -> bool:
    if _REMOTE_PLACE.search(f"{title} {location}"):
        return True
    return bool(_REMOTE_TEXT.search(text)) and not _NOT_REMOTE.search(text)


# ---- seniority -----------------------------------------------------------------------------
SENIORITY_WORDS = (
    ("intern", r"\b(?:intern|internship|trainee|apprentice)\b"),
    ("executive", r"\b(?:vp|vice president|chief|cto|cfo|ceo|coo|head of|director)\b"),
    ("lead", r"\b(?:lead|principal|staff|manager)\b"),
    ("senior", r"\b(?:senior|sr\.?)(?!\w)"),
    ("entry", r"\b(?:junior|jr\.?|entry[- ]level|graduate|associate)(?!\w)"),
)
_LEVEL_WORDS = {
    "intern": "intern", "internship": "intern", "entry": "entry", "junior": "entry",
    "mid": "mid", "intermediate": "mid", "senior": "senior", "lead": "lead",
    "principal": "lead", "executive": "executive",
}  # fmt: skip
_TEXT_LEVEL = re.compile(
    r"(?:experience\s+level|seniority(?:\s+level)?|career\s+level)\s*:?\s*(?P<a>\w+)"
    r"|\b(?P<b>entry|junior|mid|senior|intermediate)[- ]level\s+(?:position|role|candidate|"
    r"engineer|developer|professional|opportunity)"
    r"|\bthis\s+is\s+an?\s+(?P<c>entry|junior|mid|senior|lead|principal)\b",
    re.I,
)


def seniority_of_title(title: str) -> str:
    lower = title.lower()
    for level, pattern in SENIORITY_WORDS:
        if re.search(pattern, lower):
            return level
    return ""


def seniority_of_text(text: str) -> str:
    for m in _TEXT_LEVEL.finditer(text):
        word = (m.group("a") or m.group("b") or m.group("c") or "").lower()
        if word in _LEVEL_WORDS:
            return _LEVEL_WORDS[word]
    return ""
