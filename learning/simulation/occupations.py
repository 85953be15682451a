"""Role tracks of the simulated world outside software: accounting, HR, sales, design,
teaching, hospitality and construction, with their own titles, skills, degrees and bullets.

The canonical skill names are the truth a parser should return; resumes and postings write
many of them the way people do ("A/R", "full-cycle recruiting", "ServSafe certified", "OSHA
30"): see :mod:`learning.simulation.spellings`. ``DOMAIN`` lists the skills that are methods
rather than tools or software (bullets never name them as "{tool}").
"""

from __future__ import annotations

from dataclasses import dataclass

SENIORITIES = ("intern", "entry", "mid", "senior", "lead", "executive")


@dataclass(frozen=True)
class Bullet:
    """One achievement line: weak and strong opening, the work, and an optional metric."""

    weak: str
    strong: str
    work: str  # may hold {tool}
    metric: str  # holds {n}


@dataclass(frozen=True)
class Track:
    key: str
    family: str
    share: float  # of candidates and of job postings
    titles: dict[str, tuple[str, ...]]
    skills: tuple[str, ...]
    industries: tuple[str, ...]
    mid_salary: int  # USD a year, mid level, cost factor 1
    remote_share: float
    degrees: tuple[str, ...]
    bullets: tuple[Bullet, ...]


def titles(*rows: str) -> dict[str, tuple[str, ...]]:
    """Titles per seniority, one "/"-separated row per level from intern to executive."""
    return {
        s: tuple(t.strip() for t in row.split("/"))
        for s, row in zip(SENIORITIES, rows, strict=True)
    }


DOMAIN = (
    "Accounts Receivable", "General Ledger", "Month-End Close", "Payroll", "Tax Preparation",
    "Auditing", "Journal Entries", "Recruiting", "Onboarding", "Employee Relations",
    "Benefits Administration", "Performance Management", "Compensation", "Lead Generation",
    "Cold Calling", "Account Management", "Negotiation", "Pipeline Management", "B2B Sales",
    "Sales Forecasting", "Typography", "Branding", "UX Research", "Wireframing", "Prototyping",
    "Visual Design", "Lesson Planning", "Classroom Management", "Curriculum Development",
    "Differentiated Instruction", "Special Education", "Student Assessment", "ESL",
    "Customer Service", "Food Safety", "Front Desk Operations", "Reservations",
    "Cash Handling", "Inventory Management", "Food Preparation", "Project Scheduling",
    "Cost Estimating", "Blueprint Reading", "OSHA Safety", "Site Supervision", "Quality Control",
)  # fmt: skip

NON_TECH_TRACKS: tuple[Track, ...] = (
    Track(
        "accounting", "finance", 0.07,
        titles("Accounting Intern", "Staff Accountant / Accounts Payable Specialist / "
               "Bookkeeper", "Accountant / Senior Staff Accountant", "Senior Accountant",
               "Accounting Manager / Controller", "Chief Financial Officer / VP Finance"),
        ("Accounts Payable", "Accounts Receivable", "General Ledger", "Month-End Close",
         "Reconciliation", "GAAP", "Payroll", "Tax Preparation", "Auditing", "Journal Entries",
         "Financial Reporting", "Excel", "QuickBooks", "SAP", "NetSuite", "Oracle", "Xero",
         "Sage"),
        ("accounting", "manufacturing", "financial services", "healthcare"), 78_000, 0.25,
        ("B.S. Accounting", "B.B.A. Accounting", "Master of Accountancy", "MBA"),
        (
            Bullet("Responsible for", "Processed", "vendor invoices and payments in {tool}",
                   "about {n}0 invoices a week"),
            Bullet("Helped with", "Closed", "the books each month for three entities",
                   "{n}% faster than the prior year"),
            Bullet("Worked on", "Reconciled", "bank and balance sheet accounts in {tool}",
                   "clearing {n} aged items"),
            Bullet("Assisted with", "Prepared", "audit schedules for the external auditors",
                   "with {n} findings closed"),
            Bullet("Took part in", "Automated", "aging reports and collections follow-up",
                   "cutting DSO by {n} days"),
        ),
    ),
    Track(
        "hr", "business", 0.06,
        titles("HR Intern", "HR Assistant / Recruiting Coordinator",
               "HR Generalist / Recruiter", "Senior HR Generalist / Senior Recruiter / "
               "HR Business Partner", "HR Manager / Talent Acquisition Manager",
               "Director of Human Resources / VP of People"),
        ("Recruiting", "Onboarding", "Employee Relations", "Benefits Administration",
         "Payroll", "Performance Management", "Compensation", "Workday", "ADP", "BambooHR",
         "LinkedIn Recruiter", "Greenhouse", "Excel"),
        ("staffing", "healthcare", "manufacturing", "software", "retail"), 75_000, 0.3,
        ("B.A. Human Resources Management", "B.A. Psychology",
         "M.S. Human Resource Management", "MBA"),
        (
            Bullet("Responsible for", "Led", "hiring for hourly and salaried roles",
                   "filling {n} roles a quarter"),
            Bullet("Helped with", "Rebuilt", "the first-week program and paperwork in {tool}",
                   "cutting time to productivity by {n}%"),
            Bullet("Worked on", "Resolved", "workplace complaints and investigations",
                   "closing {n} cases"),
            Bullet("Assisted with", "Answered", "plan questions and enrollment changes in {tool}",
                   "for {n}0 employees"),
            Bullet("Took part in", "Launched", "a yearly review cycle for all managers",
                   "with {n}% completion"),
        ),
    ),
    Track(
        "sales", "business", 0.07,
        titles("Sales Intern", "Sales Development Representative / Inside Sales "
               "Representative", "Account Executive / Sales Representative",
               "Senior Account Executive / Key Account Manager",
               "Sales Manager / Regional Sales Manager", "VP of Sales / Director of Sales"),
        ("Lead Generation", "Cold Calling", "Account Management", "Negotiation",
         "Pipeline Management", "B2B Sales", "Sales Forecasting", "Salesforce", "HubSpot",
         "LinkedIn Sales Navigator", "ZoomInfo", "Outreach", "Excel"),
        ("software", "manufacturing", "consumer goods", "insurance", "staffing"), 80_000, 0.3,
        ("B.A. Communications", "B.B.A. Business Administration", "B.A. Marketing", "MBA"),
        (
            Bullet("Responsible for", "Booked", "first meetings with new prospects",
                   "{n} qualified meetings a month"),
            Bullet("Helped with", "Closed", "new business with mid-market accounts",
                   "reaching {n}0% of quota"),
            Bullet("Worked on", "Owned", "the weekly forecast in {tool}",
                   "with {n}% accuracy"),
            Bullet("Assisted with", "Grew", "a book of existing accounts",
                   "expanding revenue by {n}%"),
            Bullet("Took part in", "Negotiated", "renewals and multi-year contracts",
                   "worth ${n}0K"),
        ),
    ),
    Track(
        "design", "creative", 0.05,
        titles("Design Intern", "Junior Graphic Designer / Production Artist",
               "Graphic Designer / UI Designer / Visual Designer",
               "Senior Graphic Designer / Senior Product Designer", "Art Director / Lead "
               "Designer", "Creative Director / Head of Design"),
        ("Typography", "Branding", "UX Research", "Wireframing", "Prototyping",
         "Visual Design", "Adobe Photoshop", "Adobe Illustrator", "Adobe InDesign", "Figma",
         "Sketch", "Adobe XD", "Adobe After Effects", "Canva"),
        ("media", "marketing", "software", "retail", "consumer goods"), 85_000, 0.35,
        ("B.F.A. Graphic Design", "B.A. Visual Communication", "M.F.A. Design",
         "M.Des. Interaction Design"),
        (
            Bullet("Worked on", "Designed", "packaging and print collateral in {tool}",
                   "for {n} product launches"),
            Bullet("Helped with", "Refreshed", "the company look and style guide",
                   "across {n} touchpoints"),
            Bullet("Responsible for", "Produced", "social and web graphics in {tool}",
                   "about {n} assets a month"),
            Bullet("Took part in", "Ran", "usability sessions on new app screens",
                   "with {n} users"),
            Bullet("Assisted with", "Art-directed", "photo shoots and campaign layouts",
                   "lifting engagement by {n}%"),
        ),
    ),
    Track(
        "teaching", "education", 0.05,
        titles("Student Teacher", "Teacher Assistant / Substitute Teacher",
               "Elementary School Teacher / Middle School Teacher / High School Teacher",
               "Lead Teacher / Senior Teacher", "Department Head / Instructional Coach",
               "Assistant Principal / Principal"),
        ("Lesson Planning", "Classroom Management", "Curriculum Development",
         "Differentiated Instruction", "Special Education", "Student Assessment", "ESL",
         "Google Classroom", "Microsoft Office", "Canvas LMS", "SMART Board", "PowerSchool"),
        ("education",), 60_000, 0.02,
        ("B.A. Elementary Education", "B.S. Education", "M.Ed. Curriculum and Instruction",
         "M.A. Teaching"),
        (
            Bullet("Responsible for", "Taught", "a class of mixed-ability students",
                   "of {n} students"),
            Bullet("Helped with", "Planned", "weekly lessons and units posted in {tool}",
                   "covering {n} standards"),
            Bullet("Worked on", "Raised", "reading scores with small-group instruction",
                   "by {n}% on state tests"),
            Bullet("Assisted with", "Wrote", "learning plans with the student support team",
                   "for {n} students"),
            Bullet("Took part in", "Published", "grade reports and parent updates in {tool}",
                   "with {n}% attendance at conferences"),
        ),
    ),
    Track(
        "hospitality", "hospitality", 0.05,
        titles("Hospitality Intern", "Front Desk Agent / Server / Line Cook",
               "Front Desk Supervisor / Shift Supervisor / Sous Chef",
               "Assistant General Manager / Restaurant Manager / Executive Chef",
               "Hotel Operations Manager / Food and Beverage Manager",
               "General Manager / Director of Operations"),
        ("Customer Service", "Food Safety", "Front Desk Operations", "Reservations",
         "Cash Handling", "Inventory Management", "Food Preparation", "POS Systems",
         "Opera PMS", "OpenTable", "Toast POS", "Microsoft Office"),
        ("hospitality", "restaurants"), 52_000, 0.0,
        ("A.A.S. Culinary Arts", "B.S. Hospitality Management",
         "M.S. Hospitality Management"),
        (
            Bullet("Responsible for", "Handled", "arrivals, departures and room moves in {tool}",
                   "for up to {n}0 guests a day"),
            Bullet("Helped with", "Ran", "service standards training for new staff",
                   "for {n} hires"),
            Bullet("Worked on", "Balanced", "end-of-day drawer counts and reports in {tool}",
                   "with zero variances over {n} shifts"),
            Bullet("Assisted with", "Ran", "weekly stock counts to cut waste",
                   "by {n}%"),
            Bullet("Took part in", "Owned", "guest feedback follow-up",
                   "reaching {n}% positive reviews"),
        ),
    ),
    Track(
        "construction", "trades", 0.05,
        titles("Construction Intern", "Assistant Project Engineer / Field Engineer",
               "Project Engineer / Estimator / Site Supervisor",
               "Project Manager / Senior Estimator / Superintendent",
               "Senior Project Manager / General Superintendent",
               "Director of Construction / VP of Operations"),
        ("Project Scheduling", "Cost Estimating", "Blueprint Reading", "OSHA Safety",
         "Site Supervision", "Quality Control", "AutoCAD", "Procore", "Microsoft Project",
         "Bluebeam", "Primavera P6", "Revit"),
        ("construction", "real estate"), 85_000, 0.0,
        ("B.S. Construction Management", "B.S. Civil Engineering",
         "M.S. Construction Management"),
        (
            Bullet("Responsible for", "Ran", "daily site operations and subcontractor crews",
                   "on a ${n}M build"),
            Bullet("Helped with", "Built", "the three-week look-ahead schedules in {tool}",
                   "keeping {n} milestones on time"),
            Bullet("Worked on", "Prepared", "quantity counts and bids from drawings in {tool}",
                   "winning {n}% of bids"),
            Bullet("Assisted with", "Led", "toolbox talks and site safety walks",
                   "with {n}0 days without a recordable"),
            Bullet("Took part in", "Managed", "RFIs, submittals and punch lists",
                   "closing out {n} projects"),
        ),
    ),
)  # fmt: skip
