"""Static vocabulary of the simulated world: canonical skills, role tracks, places and names.

Skill names here are canonical (the truth a parser should return: "JavaScript",
"PostgreSQL", "scikit-learn"); resumes and postings often write them otherwise ("JS",
"Postgres", "sklearn", see :mod:`learning.simulation.spellings`). Each skill has one category,
which decides the profile field it fills (language → programming_languages, framework →
frameworks_libraries, tool and domain → tools_platforms, soft → soft_skills). The tracks of
accounting, HR, sales, design, teaching, hospitality and construction live in
:mod:`learning.simulation.occupations`; with nursing, finance and marketing they make 61 % of
candidates and postings.
"""

from __future__ import annotations

from learning.simulation import occupations
from learning.simulation.occupations import SENIORITIES, Bullet, Track

__all__ = ["SENIORITIES", "Bullet", "Track"]  # re-exported: callers import them from here
# Years of experience a job of each seniority asks for (inclusive range).
SENIORITY_YEARS = {
    "intern": (0.0, 0.5),
    "entry": (0.0, 2.0),
    "mid": (2.0, 5.0),
    "senior": (5.0, 9.0),
    "lead": (8.0, 14.0),
    "executive": (12.0, 25.0),
}
# Market salary of a seniority relative to the track's mid-level salary.
SENIORITY_PAY = {
    "intern": 0.35,
    "entry": 0.75,
    "mid": 1.0,
    "senior": 1.3,
    "lead": 1.55,
    "executive": 2.0,
}

LANGUAGES = (
    "Python", "Java", "Go", "SQL", "Ruby", "JavaScript", "TypeScript", "HTML", "CSS", "R",
    "Scala", "Bash", "Swift", "Kotlin", "Dart", "Objective-C", "VBA",
)  # fmt: skip
FRAMEWORKS = (
    "Django", "Flask", "FastAPI", "Spring Boot", "Ruby on Rails", "Celery", "React", "Vue.js",
    "Angular", "Next.js", "Redux", "Node.js", "Jest", "Tailwind CSS", "Pandas", "NumPy",
    "scikit-learn", "TensorFlow", "PyTorch", "Apache Spark", "SwiftUI", "Jetpack Compose",
    "Flutter", "React Native",
)  # fmt: skip
DOMAIN = (
    "Machine Learning", "Statistics", "A/B Testing", "Patient Assessment",
    "Medication Administration", "IV Therapy", "Wound Care", "Triage", "Care Planning",
    "Patient Education", "Infection Control", "Telemetry", "Phlebotomy", "BLS", "ACLS",
    "Financial Modeling", "Forecasting", "Budgeting", "Variance Analysis", "GAAP",
    "Financial Reporting", "Valuation", "Accounts Payable", "Reconciliation", "SEO",
    "Content Strategy", "Social Media Marketing", "Email Marketing", "Copywriting",
    "Market Research", "Marketing Automation", "Brand Strategy", *occupations.DOMAIN,
)  # fmt: skip
SOFT_SKILLS = (
    "Communication", "Leadership", "Teamwork", "Problem Solving", "Mentoring",
    "Stakeholder Management", "Time Management", "Attention to Detail", "Critical Thinking",
    "Adaptability",
)  # fmt: skip


_TECH_DEGREES = (
    "B.S. Computer Science",
    "B.S. Software Engineering",
    "M.S. Computer Science",
    "B.Eng. Computer Engineering",
)
_TECH_INDUSTRIES = ("software", "fintech", "e-commerce", "healthtech", "media", "logistics")
_TECH_BULLETS = (
    Bullet("Worked on", "Built", "REST APIs with {tool} for the checkout flow",
           "cutting p95 latency by {n}%"),
    Bullet("Helped with", "Designed", "a data pipeline on {tool} for nightly billing jobs",
           "reducing processing time by {n}%"),
    Bullet("Was involved in moving", "Migrated", "legacy services to {tool}",
           "lowering hosting costs by {n}%"),
    Bullet("Responsible for", "Owned", "test automation with {tool} across the codebase",
           "raising coverage to {n}%"),
    Bullet("Took part in", "Led", "the on-call rotation and incident reviews",
           "reducing monthly incidents by {n}%"),
    Bullet("Worked with", "Partnered with", "product and design to ship customer features",
           "growing weekly active users by {n}%"),
)  # fmt: skip


_titles = occupations.titles
TRACKS: tuple[Track, ...] = (
    Track(
        "backend", "tech", 0.13,
        _titles("Software Engineering Intern", "Junior Backend Engineer / Software Engineer I",
                "Backend Engineer / Software Engineer", "Senior Backend Engineer / "
                "Senior Software Engineer", "Lead Backend Engineer / Staff Software Engineer",
                "Director of Engineering / VP of Engineering"),
        ("Python", "Java", "Go", "SQL", "Ruby", "Django", "Flask", "FastAPI", "Spring Boot",
         "Ruby on Rails", "Celery", "PostgreSQL", "MySQL", "Redis", "Docker", "Kubernetes",
         "AWS", "Kafka", "Git", "GraphQL"),
        _TECH_INDUSTRIES, 135_000, 0.35, _TECH_DEGREES, _TECH_BULLETS,
    ),
    Track(
        "frontend", "tech", 0.08,
        _titles("Frontend Engineering Intern", "Junior Frontend Developer",
                "Frontend Engineer / Frontend Developer", "Senior Frontend Engineer",
                "Lead Frontend Engineer", "Head of Frontend Engineering"),
        ("JavaScript", "TypeScript", "HTML", "CSS", "React", "Vue.js", "Angular", "Next.js",
         "Redux", "Node.js", "Jest", "Tailwind CSS", "Webpack", "Figma", "Git", "GraphQL",
         "Storybook"),
        _TECH_INDUSTRIES, 125_000, 0.4, _TECH_DEGREES, _TECH_BULLETS,
    ),
    Track(
        "data", "tech", 0.09,
        _titles("Data Science Intern", "Junior Data Analyst / Junior Data Engineer",
                "Data Scientist / Data Engineer", "Senior Data Scientist / Senior Data Engineer",
                "Lead Data Scientist / Principal Data Engineer", "Head of Data"),
        ("Python", "SQL", "R", "Scala", "Pandas", "NumPy", "scikit-learn", "TensorFlow",
         "PyTorch", "Apache Spark", "Apache Airflow", "dbt", "Tableau", "Power BI",
         "Snowflake", "BigQuery", "Jupyter", "Machine Learning", "Statistics", "A/B Testing"),
        _TECH_INDUSTRIES, 130_000, 0.35,
        (*_TECH_DEGREES[:2], "M.S. Data Science", "B.S. Statistics", "M.S. Statistics"),
        _TECH_BULLETS,
    ),
    Track(
        "devops", "tech", 0.05,
        _titles("DevOps Intern", "Junior DevOps Engineer",
                "DevOps Engineer / Site Reliability Engineer",
                "Senior DevOps Engineer / Senior Site Reliability Engineer",
                "Lead Platform Engineer", "Director of Infrastructure"),
        ("Bash", "Python", "Go", "Terraform", "Ansible", "Helm", "Kubernetes", "Docker", "AWS",
         "Google Cloud", "Azure", "Jenkins", "GitHub Actions", "Prometheus", "Grafana",
         "Linux"),
        _TECH_INDUSTRIES, 140_000, 0.45, _TECH_DEGREES, _TECH_BULLETS,
    ),
    Track(
        "mobile", "tech", 0.04,
        _titles("Mobile Development Intern", "Junior iOS Developer / Junior Android Developer",
                "Mobile Engineer / iOS Engineer / Android Engineer",
                "Senior iOS Engineer / Senior Android Engineer", "Lead Mobile Engineer",
                "Head of Mobile"),
        ("Swift", "Kotlin", "Java", "Dart", "Objective-C", "SwiftUI", "Jetpack Compose",
         "Flutter", "React Native", "Xcode", "Android Studio", "Firebase", "Git", "Fastlane"),
        _TECH_INDUSTRIES, 135_000, 0.3, _TECH_DEGREES, _TECH_BULLETS,
    ),
    Track(
        "nursing", "healthcare", 0.08,
        _titles("Student Nurse", "Graduate Nurse", "Registered Nurse",
                "Senior Registered Nurse / Charge Nurse", "Nurse Manager",
                "Director of Nursing"),
        ("Patient Assessment", "Medication Administration", "IV Therapy", "Wound Care",
         "Triage", "Care Planning", "Patient Education", "Infection Control", "Telemetry",
         "Phlebotomy", "BLS", "ACLS", "Epic", "Cerner"),
        ("healthcare", "senior care", "public health"), 82_000, 0.0,
        ("Bachelor of Science in Nursing", "Associate Degree in Nursing",
         "Master of Science in Nursing"),
        (
            Bullet("Responsible for", "Delivered", "care for post-operative patients",
                   "for up to {n} patients per shift"),
            Bullet("Helped with", "Administered", "medications and IV therapy on a busy unit",
                   "with zero errors across {n} audits"),
            Bullet("Worked on", "Documented", "assessments and care plans in {tool}",
                   "cutting charting time by {n}%"),
            Bullet("Took part in", "Coordinated", "discharge planning with physicians and families",
                   "reducing readmissions by {n}%"),
            Bullet("Assisted with", "Trained", "new graduate nurses on unit protocols",
                   "onboarding {n} nurses"),
        ),
    ),
    Track(
        "finance", "finance", 0.06,
        _titles("Finance Intern", "Junior Financial Analyst / Accounting Associate",
                "Financial Analyst", "Senior Financial Analyst", "Finance Manager",
                "VP of Finance / Finance Director"),
        ("Financial Modeling", "Forecasting", "Budgeting", "Variance Analysis", "GAAP",
         "Financial Reporting", "Valuation", "Accounts Payable", "Reconciliation", "Excel",
         "SAP", "NetSuite", "QuickBooks", "Power BI", "SQL", "VBA"),
        ("financial services", "banking", "insurance", "software"), 95_000, 0.15,
        ("B.S. Finance", "B.A. Economics", "B.S. Accounting", "MBA"),
        (
            Bullet("Worked on", "Built", "a rolling forecast model in {tool}",
                   "improving forecast accuracy by {n}%"),
            Bullet("Helped with", "Streamlined", "the month-end close and reconciliations",
                   "shortening the close by {n} days"),
            Bullet("Responsible for", "Delivered", "variance analysis for the leadership team",
                   "covering a ${n}M budget"),
            Bullet("Took part in", "Automated", "management reporting with {tool}",
                   "saving {n} hours a month"),
            Bullet("Assisted with", "Led", "vendor payment reviews",
                   "recovering ${n}K in duplicate payments"),
        ),
    ),
    Track(
        "marketing", "marketing", 0.07,
        _titles("Marketing Intern", "Marketing Coordinator",
                "Marketing Specialist / Digital Marketing Specialist",
                "Marketing Manager / Senior Marketing Specialist", "Senior Marketing Manager",
                "Head of Marketing / VP of Marketing"),
        ("SEO", "Content Strategy", "Social Media Marketing", "Email Marketing", "Copywriting",
         "Market Research", "Marketing Automation", "Brand Strategy", "A/B Testing",
         "Google Analytics", "Google Ads", "HubSpot", "Salesforce", "Mailchimp", "Canva",
         "Adobe Photoshop"),
        ("marketing", "retail", "media", "consumer goods", "software"), 90_000, 0.3,
        ("B.A. Marketing", "B.A. Communications", "B.B.A. Business Administration", "MBA"),
        (
            Bullet("Worked on", "Launched", "email campaigns in {tool}",
                   "lifting open rates by {n}%"),
            Bullet("Helped with", "Grew", "organic search traffic for the blog",
                   "by {n}% year over year"),
            Bullet("Responsible for", "Managed", "paid social and search budgets in {tool}",
                   "cutting cost per lead by {n}%"),
            Bullet("Took part in", "Ran", "A/B tests on landing pages",
                   "raising conversion by {n}%"),
            Bullet("Assisted with", "Produced", "the quarterly brand campaign",
                   "reaching {n}K new prospects"),
        ),
    ),
    *occupations.NON_TECH_TRACKS,
)  # fmt: skip
TRACK_KEYS = tuple(t.key for t in TRACKS)
TOOLS = tuple(
    sorted({s for t in TRACKS for s in t.skills} - set(LANGUAGES) - set(FRAMEWORKS) - set(DOMAIN))
)
SKILL_CATEGORY: dict[str, str] = {
    **dict.fromkeys(TOOLS, "tool"),
    **dict.fromkeys(DOMAIN, "domain"),
    **dict.fromkeys(FRAMEWORKS, "framework"),
    **dict.fromkeys(LANGUAGES, "language"),
    **dict.fromkeys(SOFT_SKILLS, "soft"),
}
# Every canonical skill of the world, in a fixed order (columns of the skill matrices).
CANONICAL_SKILLS: tuple[str, ...] = tuple(sorted({s for t in TRACKS for s in t.skills}))
SKILL_INDEX = {name: i for i, name in enumerate(CANONICAL_SKILLS)}

# (city, cost-of-living factor applied to salaries)
CITIES = (
    ("San Francisco, CA", 1.30), ("New York, NY", 1.25), ("Seattle, WA", 1.20),
    ("Boston, MA", 1.15), ("Los Angeles, CA", 1.10), ("Washington, DC", 1.10),
    ("Austin, TX", 1.00), ("Denver, CO", 1.00), ("Chicago, IL", 1.00), ("Portland, OR", 1.00),
    ("Atlanta, GA", 0.95), ("Minneapolis, MN", 0.95), ("Miami, FL", 0.97),
    ("Raleigh, NC", 0.93), ("Phoenix, AZ", 0.92), ("Pittsburgh, PA", 0.90),
    ("Columbus, OH", 0.88), ("Salt Lake City, UT", 0.92), ("Nashville, TN", 0.92),
    ("San Diego, CA", 1.12),
)  # fmt: skip
CITY_NAMES = tuple(c for c, _ in CITIES)

COMPANY_STAGES = ("seed", "series_a", "series_b", "growth", "public", "enterprise", "nonprofit")
STAGE_SIZE = {
    "seed": "1-10",
    "series_a": "11-50",
    "series_b": "51-200",
    "growth": "201-1000",
    "public": "1001-5000",
    "enterprise": "5000+",
    "nonprofit": "51-200",
}
COMPANY_WORDS = (
    "Blue", "North", "Bright", "Cedar", "Summit", "River", "Iron", "Silver", "Harbor", "Maple",
    "Pioneer", "Lumen", "Apex", "Copper", "Granite", "Evergreen", "Atlas", "Nimbus", "Vertex",
    "Crescent", "Juniper", "Beacon", "Falcon", "Orchid", "Quarry", "Tidal", "Willow", "Zenith",
)  # fmt: skip
INDUSTRY_SUFFIXES = {
    "software": ("Labs", "Software", "Systems", "Cloud"),
    "fintech": ("Pay", "Ledger", "Fintech", "Capital Tech"),
    "e-commerce": ("Commerce", "Marketplace", "Shop", "Goods"),
    "healthtech": ("Health Tech", "Digital Health", "Care Systems"),
    "media": ("Media", "Studios", "Publishing"),
    "logistics": ("Logistics", "Freight", "Supply"),
    "healthcare": ("Medical Center", "Health", "Hospital", "Clinics"),
    "senior care": ("Senior Living", "Home Care"),
    "public health": ("Community Health", "Public Health Services"),
    "financial services": ("Financial", "Advisors", "Partners"),
    "banking": ("Bank", "Savings & Loan", "Trust"),
    "insurance": ("Insurance", "Mutual", "Assurance"),
    "marketing": ("Marketing", "Agency", "Creative"),
    "retail": ("Retail", "Stores", "Outfitters"),
    "consumer goods": ("Brands", "Foods", "Home"),
    "accounting": ("CPAs", "Accounting", "Tax & Advisory"),
    "manufacturing": ("Manufacturing", "Industries", "Components"),
    "staffing": ("Staffing", "Talent", "Workforce Solutions"),
    "education": ("Academy", "School District", "Charter Schools", "Learning Center"),
    "hospitality": ("Hotels", "Resorts", "Inn & Suites"),
    "restaurants": ("Kitchen", "Bistro", "Restaurant Group"),
    "construction": ("Construction", "Builders", "Contractors"),
    "real estate": ("Properties", "Realty", "Development"),
}

FIRST_NAMES = (
    "Aisha", "Alejandro", "Amara", "Ana", "Andrew", "Anika", "Ben", "Camila", "Chen", "Chloe",
    "Daniel", "Deepa", "Diego", "Elena", "Emeka", "Emily", "Farah", "Fatima", "Grace", "Hana",
    "Hiroshi", "Ibrahim", "Isabel", "Jamal", "James", "Javier", "Jin", "Julia", "Kofi",
    "Laura", "Leila", "Liam", "Lucas", "Maya", "Mei", "Michael", "Mohammed", "Nadia", "Noah",
    "Olivia", "Omar", "Priya", "Rahul", "Rosa", "Samuel", "Sara", "Sofia", "Tariq", "Thomas",
    "Uma", "Victor", "Wei", "Yara", "Yusuf", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Alvarez", "Anderson", "Bauer", "Brown", "Chen", "Cohen", "Das", "Diaz",
    "Evans", "Fischer", "Garcia", "Gupta", "Haddad", "Hernandez", "Ito", "Jackson", "Johnson",
    "Kim", "Kowalski", "Kumar", "Lee", "Lopez", "Martin", "Mensah", "Miller", "Moreau",
    "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Patel", "Petrov", "Quinn", "Ramirez",
    "Reyes", "Rossi", "Santos", "Schmidt", "Shah", "Silva", "Singh", "Smith", "Sato", "Taylor",
    "Tran", "Walker", "Wang", "Williams", "Wilson", "Yilmaz", "Zhang",
)  # fmt: skip
EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example.com")
INSTITUTIONS = (
    "University of Texas at Austin", "Georgia Institute of Technology",
    "University of Michigan", "University of Washington", "Ohio State University",
    "Arizona State University", "University of California, Berkeley",
    "University of Illinois Urbana-Champaign", "Purdue University", "Boston University",
    "University of Florida", "New York University", "University of Minnesota",
    "Carnegie Mellon University", "University of Colorado Boulder",
    "North Carolina State University", "Rutgers University", "University of Pittsburgh",
    "San Diego State University", "Portland State University",
)  # fmt: skip
