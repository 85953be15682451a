"""Skills that imply others: MySQL and PostgreSQL mean SQL; React means JavaScript.

One relation per line, ``Held > Implied, Implied``, canonical names of the taxonomy. A held
skill earns related credit for what it implies (half a held skill in the scorer), never more,
and an implied skill never implies further (MySQL → SQL, not SQL → databases → …).
"""

from __future__ import annotations

from collections.abc import Iterable

from profiles.skills.taxonomy import TAXONOMY

RELATIONS = """
MySQL > SQL
PostgreSQL > SQL
Microsoft SQL Server > SQL
Oracle Database > SQL
SQLite > SQL
React > JavaScript
Angular > JavaScript, TypeScript
Vue.js > JavaScript
Node.js > JavaScript
jQuery > JavaScript
Django > Python
Flask > Python
FastAPI > Python
pandas > Python
NumPy > Python
Spring > Java
Spring Boot > Java
Hibernate > Java
Ruby on Rails > Ruby
Laravel > PHP
ASP.NET > C#
.NET > C#
Kubernetes > Docker
Amazon Web Services > Cloud Computing
Microsoft Azure > Cloud Computing
Google Cloud Platform > Cloud Computing
Photoshop > Adobe Creative Suite
Illustrator > Adobe Creative Suite
InDesign > Adobe Creative Suite
QuickBooks > Bookkeeping
Accounts Payable > Bookkeeping
Accounts Receivable > Bookkeeping
General Ledger > Accounting
Salesforce > CRM
HubSpot > CRM
Workday > HRIS
Tableau > Data Visualization
Power BI > Data Visualization
"""


def _load() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in RELATIONS.strip().splitlines():
        held, _, implied = line.partition(">")
        names = tuple(n.strip() for n in implied.split(",") if n.strip() in TAXONOMY)
        if held.strip() in TAXONOMY and names:
            table[held.strip()] = names
    return table


IMPLIES = _load()


def implied_skills(skills: Iterable[str]) -> dict[str, str]:
    """{implied skill: the held skill that implies it}, without the skills already held."""
    held = list(dict.fromkeys(skills))
    have = set(held)
    out: dict[str, str] = {}
    for skill in held:
        for implied in IMPLIES.get(skill, ()):
            if implied not in have:
                out.setdefault(implied, skill)
    return out
