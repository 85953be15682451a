"""Write the bundled sample job feeds (RSS 2.0, Atom, JSON, CSV) used by the offline demo.

    .venv/bin/python -m profiles.feeds.samples

Deterministic: a fixed seed and a fixed publication window, so the committed files only
change when this generator does. Companies, people and URLs are fictional (example.com).
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
SEED = 20261122
WINDOW_END = datetime(2026, 11, 21, 18, 0, tzinfo=UTC)
WINDOW_DAYS = 30
JOB_NS = "https://recruitly.example.com/ns/job"


@dataclass(frozen=True)
class Role:
    titles: tuple[str, ...]
    skills: tuple[str, ...]
    nice: tuple[str, ...]
    duties: tuple[str, ...]
    industry: tuple[str, ...]
    base_salary: int  # USD a year at mid level
    remote_share: float
    hourly: bool = False


ROLES: dict[str, Role] = {
    "backend": Role(
        ("Backend Engineer", "Software Engineer, Platform", "Python Developer", "Java Engineer",
         "Go Engineer", "API Engineer"),
        ("Python", "Django", "FastAPI", "Java", "Spring Boot", "Go", "PostgreSQL", "MySQL", "Redis",
         "Docker", "Kubernetes", "AWS", "Kafka", "GraphQL", "Git", "Celery", "Ruby on Rails"),
        ("Terraform", "gRPC", "Elasticsearch", "RabbitMQ", "Datadog"),
        ("design and build APIs used by millions of requests a day",
         "own services end to end, from design review to on-call",
         "improve reliability and latency of core systems", "mentor engineers and review code"),
        ("software", "fintech", "e-commerce", "healthtech", "logistics"), 140_000, 0.45,
    ),
    "frontend": Role(
        ("Frontend Engineer", "Frontend Developer", "UI Engineer", "React Developer"),
        ("JavaScript", "TypeScript", "React", "Vue.js", "Angular", "Next.js", "HTML", "CSS",
         "Redux", "Jest", "Webpack", "Tailwind CSS", "Figma", "GraphQL", "Storybook"),
        ("Cypress", "Accessibility", "Node.js", "Playwright"),
        ("build accessible, fast interfaces with design", "own our component library",
         "ship features customers see every day", "improve Core Web Vitals across the app"),
        ("software", "e-commerce", "media"), 130_000, 0.5,
    ),
    "data": Role(
        ("Data Scientist", "Data Engineer", "Machine Learning Engineer", "Data Analyst",
         "Analytics Engineer"),
        ("Python", "SQL", "R", "Pandas", "NumPy", "scikit-learn", "TensorFlow", "PyTorch",
         "Apache Spark", "Apache Airflow", "dbt", "Snowflake", "BigQuery", "Tableau", "Power BI",
         "Machine Learning", "Statistics", "A/B Testing"),
        ("Databricks", "MLflow", "Looker", "Kafka"),
        ("build models that drive pricing and retention decisions",
         "design reliable data pipelines", "run experiments and explain results to leaders",
         "partner with product on metrics"),
        ("software", "fintech", "e-commerce", "healthtech"), 135_000, 0.4,
    ),
    "devops": Role(
        ("DevOps Engineer", "Site Reliability Engineer", "Platform Engineer", "Cloud Engineer"),
        ("Terraform", "Kubernetes", "Docker", "AWS", "Google Cloud", "Azure", "Ansible", "Helm",
         "Prometheus", "Grafana", "Linux", "Bash", "Python", "Go", "Jenkins", "GitHub Actions"),
        ("Argo CD", "Istio", "Datadog", "Vault"),
        ("run our Kubernetes platform", "automate infrastructure as code",
         "lead incident response and postmortems", "cut cloud costs without hurting reliability"),
        ("software", "fintech", "media"), 145_000, 0.55,
    ),
    "mobile": Role(
        ("iOS Engineer", "Android Engineer", "Mobile Engineer", "Flutter Developer"),
        ("Swift", "SwiftUI", "Kotlin", "Jetpack Compose", "Java", "Flutter", "Dart",
         "React Native", "Xcode", "Android Studio", "Firebase", "Git"),
        ("Fastlane", "GraphQL", "Objective-C"),
        ("ship our apps to millions of users", "own app performance and crash rates",
         "work closely with design on new flows"),
        ("software", "e-commerce", "healthtech"), 138_000, 0.35,
    ),
    "nursing": Role(
        ("Registered Nurse", "ICU Nurse", "Charge Nurse", "ER Nurse", "Nurse Case Manager"),
        ("Patient Assessment", "Medication Administration", "IV Therapy", "Wound Care", "Triage",
         "Care Planning", "Patient Education", "Infection Control", "Telemetry", "BLS", "ACLS",
         "Epic", "Cerner"),
        ("PALS", "Phlebotomy"),
        ("deliver safe, compassionate care on a busy unit", "coordinate care with physicians",
         "educate patients and families", "precept new graduate nurses"),
        ("healthcare", "senior care", "public health"), 84_000, 0.02, True,
    ),
    "clinical": Role(
        ("Clinical Research Coordinator", "Medical Coder", "Healthcare Administrator",
         "Medical Assistant"),
        ("Clinical Research", "Good Clinical Practice", "Electronic Health Records",
         "Medical Coding", "Excel", "REDCap", "Epic", "HIPAA", "Phlebotomy", "Vital Signs"),
        ("Medidata Rave", "Biostatistics"),
        ("run study visits and keep data audit-ready", "manage patient records accurately",
         "coordinate schedules across departments"),
        ("healthcare", "public health", "healthtech"), 65_000, 0.15, True,
    ),
    "finance": Role(
        ("Financial Analyst", "Senior Accountant", "FP&A Analyst", "Staff Accountant",
         "Finance Manager"),
        ("Financial Modeling", "Forecasting", "Budgeting", "Variance Analysis", "GAAP",
         "Financial Reporting", "Valuation", "Accounts Payable", "Reconciliation", "Excel",
         "SAP", "NetSuite", "QuickBooks", "Power BI", "SQL", "VBA"),
        ("Anaplan", "Tableau", "IFRS"),
        ("own the monthly close", "build the annual budget and rolling forecasts",
         "explain variances to leadership", "automate reporting"),
        ("financial services", "banking", "insurance", "software"), 98_000, 0.2,
    ),
    "marketing": Role(
        ("Marketing Manager", "Digital Marketing Specialist", "Content Strategist",
         "SEO Specialist", "Growth Marketer", "Email Marketing Manager"),
        ("SEO", "Content Strategy", "Social Media Marketing", "Email Marketing", "Copywriting",
         "Market Research", "Marketing Automation", "Brand Strategy", "A/B Testing",
         "Google Analytics", "Google Ads", "HubSpot", "Salesforce", "Mailchimp", "Canva",
         "Adobe Photoshop"),
        ("Figma", "SQL", "Marketo"),
        ("plan and run multi-channel campaigns", "grow organic traffic and conversion",
         "own the content calendar", "report on pipeline and ROI"),
        ("marketing", "retail", "media", "consumer goods", "software"), 92_000, 0.4,
    ),
    "sales": Role(
        ("Account Executive", "Sales Development Representative", "Customer Success Manager",
         "Account Manager"),
        ("B2B Sales", "Lead Generation", "Salesforce", "HubSpot", "Account Management",
         "Pipeline Management", "Contract Negotiation", "Customer Success", "CRM Management",
         "Solution Selling"),
        ("Gong", "Outreach.io", "LinkedIn Sales Navigator"),
        ("own a book of mid-market accounts", "build pipeline through outbound",
         "run discovery and demos", "renew and expand customers"),
        ("software", "financial services", "logistics"), 85_000, 0.45,
    ),
    "operations": Role(
        ("Operations Manager", "Supply Chain Analyst", "Logistics Coordinator",
         "Warehouse Supervisor", "Procurement Specialist"),
        ("Supply Chain Management", "Logistics", "Inventory Management", "Procurement",
         "Demand Planning", "Excel", "SAP", "Lean Manufacturing", "Six Sigma",
         "Vendor Management", "Process Improvement", "Power BI"),
        ("SQL", "Tableau", "Project Management"),
        ("keep orders flowing on time and on budget", "improve warehouse throughput",
         "negotiate with carriers and suppliers"),
        ("logistics", "retail", "manufacturing"), 78_000, 0.1,
    ),
    "people": Role(
        ("HR Generalist", "Technical Recruiter", "People Operations Manager",
         "Talent Acquisition Partner"),
        ("Recruiting", "Human Resources", "Employee Relations", "Onboarding", "HRIS",
         "Workday", "BambooHR", "Greenhouse ATS", "Compensation and Benefits",
         "Performance Management"),
        ("Diversity and Inclusion", "Excel"),
        ("run hiring for engineering and sales", "own onboarding and HR operations",
         "partner with managers on performance"),
        ("software", "healthcare", "retail"), 80_000, 0.35,
    ),
    "education": Role(
        ("High School Math Teacher", "Instructional Designer", "Curriculum Developer",
         "Academic Advisor"),
        ("Teaching", "Curriculum Development", "Classroom Management", "E-Learning",
         "Educational Technology", "Lesson Planning", "Special Education", "Mathematics"),
        ("Canvas LMS", "Google Workspace"),
        ("design engaging lessons", "support students from diverse backgrounds",
         "build online courses with subject experts"),
        ("education", "nonprofit"), 62_000, 0.15,
    ),
    "support": Role(
        ("Customer Support Specialist", "Technical Support Engineer", "IT Support Technician",
         "Help Desk Analyst"),
        ("Customer Support", "Zendesk", "IT Support", "Troubleshooting", "Active Directory",
         "Windows Server", "Microsoft Office", "ITIL", "Jira", "Freshdesk"),
        ("SQL", "Linux", "Okta"),
        ("resolve customer issues over chat, email and phone", "manage devices and accounts",
         "write help-center articles"),
        ("software", "retail", "telecom"), 58_000, 0.5, True,
    ),
}  # fmt: skip
LEVELS = (
    ("Junior ", "entry", 0.75, 0), ("", "mid", 1.0, 2), ("Senior ", "senior", 1.3, 5),
    ("Lead ", "lead", 1.55, 8), ("Intern - ", "intern", 0.35, 0),
)  # fmt: skip
LEVEL_WEIGHTS = (0.22, 0.38, 0.27, 0.1, 0.03)
CITIES = (
    ("San Francisco, CA", 1.3, "USD"), ("New York, NY", 1.25, "USD"), ("Seattle, WA", 1.2, "USD"),
    ("Boston, MA", 1.15, "USD"), ("Austin, TX", 1.0, "USD"), ("Denver, CO", 1.0, "USD"),
    ("Chicago, IL", 1.0, "USD"), ("Atlanta, GA", 0.95, "USD"), ("Raleigh, NC", 0.93, "USD"),
    ("Phoenix, AZ", 0.92, "USD"), ("Columbus, OH", 0.88, "USD"), ("Miami, FL", 0.97, "USD"),
    ("Portland, OR", 1.0, "USD"), ("Nashville, TN", 0.92, "USD"), ("San Diego, CA", 1.12, "USD"),
    ("London, UK", 0.75, "GBP"), ("Berlin, Germany", 0.62, "EUR"),
    ("Amsterdam, Netherlands", 0.65, "EUR"),
    ("Dublin, Ireland", 0.68, "EUR"), ("Toronto, Canada", 0.8, "USD"),
)  # fmt: skip
STAGES = ("seed", "series_a", "series_b", "growth", "public", "enterprise", "nonprofit")
WORDS = (
    "Blue", "North", "Bright", "Cedar", "Summit", "River", "Iron", "Silver", "Harbor", "Maple",
    "Pioneer", "Lumen", "Copper", "Granite", "Evergreen", "Atlas", "Nimbus", "Vertex",
    "Crescent", "Beacon", "Falcon", "Orchid", "Quarry", "Tidal", "Willow", "Zenith", "Aurora",
    "Kestrel", "Meridian", "Sequoia",
)  # fmt: skip
SUFFIX = {
    "software": ("Labs", "Software", "Systems", "Cloud"), "fintech": ("Pay", "Ledger", "Finance"),
    "e-commerce": ("Commerce", "Marketplace", "Goods"),
    "healthtech": ("Health Tech", "Care Systems"),
    "media": ("Media", "Studios"), "logistics": ("Logistics", "Freight"),
    "healthcare": ("Medical Center", "Hospital", "Clinics"), "senior care": ("Senior Living",),
    "public health": ("Community Health",), "financial services": ("Financial", "Advisors"),
    "banking": ("Bank", "Trust"), "insurance": ("Insurance", "Mutual"),
    "marketing": ("Marketing", "Agency"), "retail": ("Retail", "Stores"),
    "consumer goods": ("Brands", "Foods"), "manufacturing": ("Manufacturing", "Works"),
    "education": ("Academy", "Learning"), "nonprofit": ("Foundation", "Alliance"),
    "telecom": ("Telecom", "Networks"),
}  # fmt: skip
FEEDS = (
    ("tech-jobs", "rss", ("backend", "frontend", "devops", "mobile"), 130),
    ("data-and-ml", "atom", ("data",), 60),
    ("healthcare", "rss", ("nursing", "clinical"), 70),
    ("finance-jobs", "atom", ("finance",), 55),
    ("marketing-and-sales", "json", ("marketing", "sales"), 80),
    ("operations-people-education", "csv", ("operations", "people", "education", "support"), 95),
)


def _salary_text(rng: random.Random, low: int, high: int, currency: str, hourly: bool) -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}[currency]
    if hourly and rng.random() < 0.6:
        return f"{symbol}{low / 2080:.0f}-{symbol}{high / 2080:.0f}/hour"
    style = rng.randrange(4)
    if style == 0:
        return f"{symbol}{low // 1000}k-{symbol}{high // 1000}k"
    if style == 1:
        return f"{symbol}{low:,} - {symbol}{high:,} per year"
    if style == 2:
        return f"{low:,}-{high:,} {currency} a year"
    return f"{symbol}{low:,} per year" if rng.random() < 0.5 else f"up to {symbol}{high:,} a year"


def _posting(rng: random.Random, key: str, n: int, feed: str) -> dict[str, object]:
    role = ROLES[key]
    prefix, level, pay, years = rng.choices(LEVELS, weights=LEVEL_WEIGHTS)[0]
    if level == "intern":
        prefix = ""
    title = prefix + rng.choice(role.titles) + (" Intern" if level == "intern" else "")
    industry = rng.choice(role.industry)
    company = f"{rng.choice(WORDS)} {rng.choice(SUFFIX[industry])}"
    city, cost, currency = rng.choice(CITIES)
    remote = rng.random() < role.remote_share
    required = rng.sample(role.skills, rng.randint(4, min(7, len(role.skills))))
    nice = rng.sample([s for s in role.nice if s not in required], min(2, len(role.nice)))
    centre = role.base_salary * pay * cost * rng.uniform(0.88, 1.12)
    low, high = round(centre * 0.9, -3), round(centre * 1.15, -3)
    disclosed = rng.random() > 0.2
    stage = "nonprofit" if industry in ("nonprofit", "public health") else rng.choice(STAGES[:6])
    lines = [
        f"{company} is hiring a {title} to join our {industry} team"
        f"{' (remote-friendly)' if remote else f' in {city}'}.",
        "",
        "What you'll do:",
        *(f"- {d.capitalize()}" for d in rng.sample(role.duties, min(3, len(role.duties)))),
        "",
        "What you bring:",
        *(f"- Hands-on experience with {s}" for s in required),
    ]
    if years:
        lines.append(f"- {years}+ years of relevant experience")
    lines += ["", "Nice to have:", *(f"- {s}" for s in nice)]
    salary = _salary_text(rng, int(low), int(high), currency, role.hourly) if disclosed else ""
    if salary:
        lines += ["", f"Compensation: {salary}"]
    published = WINDOW_END - timedelta(minutes=rng.randrange(WINDOW_DAYS * 24 * 60))
    slug = f"{feed}-{n:04d}"
    return {
        "id": f"urn:recruitly-sample:{slug}",
        "title": title,
        "company": company,
        "location": "Remote" if remote and rng.random() < 0.3 else city,
        "remote": remote,
        "salary": salary,
        "industry": industry,
        "company_stage": stage,
        "url": f"https://jobs.example.com/{slug}",
        "description": "\n".join(lines),
        "published": published,
    }


def _html(description: str) -> str:
    out, in_list = [], False
    for line in description.splitlines():
        if line.startswith("- "):
            out.append(("<ul>" if not in_list else "") + f"<li>{escape(line[2:])}</li>")
            in_list = True
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        if line:
            out.append(f"<p>{escape(line)}</p>")
    return "".join(out) + ("</ul>" if in_list else "")


def _rss(name: str, items: list[dict[str, object]]) -> str:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<rss version="2.0" xmlns:job="{JOB_NS}"><channel>',
        f"<title>{escape(name)} (recruitly sample)</title>",
        "<link>https://jobs.example.com/</link><description>Sample postings</description>",
    ]
    for item in items:
        parts.append(
            "<item>"
            f"<title>{escape(str(item['title']))}</title><link>{item['url']}</link>"
            f'<guid isPermaLink="false">{item["id"]}</guid>'
            f"<pubDate>{format_datetime(item['published'])}</pubDate>"  # type: ignore[arg-type]
            f"<description>{escape(_html(str(item['description'])))}</description>"
            f"<job:company>{escape(str(item['company']))}</job:company>"
            f"<job:location>{escape(str(item['location']))}</job:location>"
            f"<job:remote>{str(item['remote']).lower()}</job:remote>"
            f"<job:salary>{escape(str(item['salary']))}</job:salary>"
            f"<job:industry>{escape(str(item['industry']))}</job:industry>"
            f"<job:stage>{item['company_stage']}</job:stage>"
            "</item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts) + "\n"


def _atom(name: str, items: list[dict[str, object]]) -> str:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:job="{JOB_NS}">',
        f"<title>{escape(name)} (recruitly sample)</title><id>urn:recruitly-sample:{name}</id>",
        f"<updated>{WINDOW_END.isoformat()}</updated>",
    ]
    for item in items:
        published = item["published"].isoformat()  # type: ignore[attr-defined]
        parts.append(
            "<entry>"
            f"<title>{escape(str(item['title']))}</title><id>{item['id']}</id>"
            f'<link href="{item["url"]}"/><updated>{published}</updated>'
            f"<published>{published}</published>"
            f"<author><name>{escape(str(item['company']))}</name></author>"
            f'<content type="html">{escape(_html(str(item["description"])))}</content>'
            f"<job:location>{escape(str(item['location']))}</job:location>"
            f"<job:remote>{str(item['remote']).lower()}</job:remote>"
            f"<job:salary>{escape(str(item['salary']))}</job:salary>"
            f"<job:industry>{escape(str(item['industry']))}</job:industry>"
            f"<job:stage>{item['company_stage']}</job:stage>"
            "</entry>"
        )
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def _json(items: list[dict[str, object]]) -> str:
    rows = [{**i, "published": i["published"].isoformat()} for i in items]  # type: ignore[attr-defined]
    return json.dumps({"jobs": rows}, indent=1, ensure_ascii=False) + "\n"


def _csv(items: list[dict[str, object]]) -> str:
    out = io.StringIO()
    fields = ["id", "title", "company", "location", "remote", "salary", "industry",
              "company_stage", "url", "published", "description"]  # fmt: skip
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for item in items:
        writer.writerow({**item, "published": item["published"].isoformat()})  # type: ignore[attr-defined]
    return out.getvalue()


def generate(out: Path = OUT) -> dict[str, int]:
    rng = random.Random(SEED)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, fmt, keys, count in FEEDS:
        items = [_posting(rng, keys[n % len(keys)], n, name) for n in range(count)]
        writers: dict[str, Callable[..., str]] = {
            "rss": lambda i, n=name: _rss(n, i), "atom": lambda i, n=name: _atom(n, i),
            "json": _json, "csv": _csv,
        }  # fmt: skip
        writer = writers[fmt]
        suffix = {"rss": "xml", "atom": "xml", "json": "json", "csv": "csv"}[fmt]
        (out / f"{name}.{suffix}").write_text(writer(items), encoding="utf-8")
        counts[name] = count
    return counts


if __name__ == "__main__":
    result = generate()
    print(f"wrote {sum(result.values())} postings: {result}")
