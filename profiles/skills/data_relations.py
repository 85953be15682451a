"""Related skills: ``Held skill > implied skill, implied skill`` (canonical names).

A line says that whoever has the held skill has the implied ones too (MySQL is a SQL
database; a QuickBooks user keeps books), so a posting asking for the implied skill is
partly met. Only implications a recruiter would grant without asking belong here; the
closure is taken (Django REST Framework > Django > Python).
"""

RELATIONS = """
MySQL > SQL, Relational Databases, Databases
PostgreSQL > SQL, Relational Databases, Databases
Microsoft SQL Server > SQL, Relational Databases, Databases
Oracle Database > SQL, Relational Databases, Databases
SQLite > SQL, Relational Databases, Databases
Amazon Redshift > SQL, Data Warehousing
BigQuery > SQL, Data Warehousing
Snowflake > SQL, Data Warehousing
MongoDB > Databases
Cassandra > Databases
DynamoDB > Databases, AWS
Redis > Databases, Caching
Relational Databases > Databases
React > JavaScript, Frontend Development
React Native > React, Mobile Development
Next.js > React
Angular > TypeScript, Frontend Development
Vue.js > JavaScript, Frontend Development
Node.js > JavaScript, Backend Development
Express.js > Node.js
TypeScript > JavaScript
jQuery > JavaScript
Django > Python, Web Development
Django REST Framework > Django, REST APIs
Flask > Python, Web Development
FastAPI > Python, REST APIs
Pandas > Python, Data Analysis
NumPy > Python
scikit-learn > Python, Machine Learning
TensorFlow > Machine Learning, Deep Learning
PyTorch > Machine Learning, Deep Learning
Keras > Deep Learning
Spring Boot > Spring, Java
Spring > Java
Hibernate > Java, ORM
Ruby on Rails > Ruby, Web Development
Laravel > PHP
ASP.NET > .NET, C#
Kubernetes > Docker, DevOps
Terraform > Infrastructure as Code
AWS Lambda > AWS, Serverless
AWS > Cloud Computing
Azure > Cloud Computing
Google Cloud > Cloud Computing
Jenkins > CI/CD
GitHub Actions > CI/CD
GitLab CI > CI/CD
Git > Version Control
Tableau > Data Visualization
Power BI > Data Visualization, Business Intelligence
Excel > Microsoft Office
Microsoft Word > Microsoft Office
Microsoft PowerPoint > Microsoft Office
Microsoft Outlook > Microsoft Office
Microsoft Access > Microsoft Office, Databases
QuickBooks > Bookkeeping, Accounting
QuickBooks Desktop > Bookkeeping, Accounting
Xero > Bookkeeping, Accounting
Sage > Bookkeeping, Accounting
FreshBooks > Bookkeeping, Accounting
Peachtree > Bookkeeping, Accounting
NetSuite > Accounting
SAP FICO > SAP, Accounting
Microsoft Dynamics GP > Accounting
General Ledger > Accounting
Journal Entries > Accounting, General Ledger
Bookkeeping > Accounting
Accounts Payable > Accounting
Accounts Receivable > Accounting
Month-End Close > Accounting, Financial Reporting
Financial Statements > Financial Reporting
Reconciliation > Accounting
Fixed Assets > Accounting
Cost Accounting > Accounting
Revenue Recognition > Accounting, GAAP
Intercompany Accounting > Accounting
Forensic Accounting > Accounting, Auditing
Audit Preparation > Auditing
Sarbanes-Oxley > Internal Controls, Compliance
Internal Controls > Auditing
CPA > Accounting, GAAP
Payroll Tax > Payroll
ADP > Payroll
Paychex > Payroll
Gusto > Payroll
Kronos > Timekeeping
Workday > HRIS
BambooHR > HRIS
SuccessFactors > HRIS
UltiPro > HRIS
Oracle HCM > HRIS
HRIS > Human Resources
Benefits Administration > Compensation and Benefits, Human Resources
Compensation Analysis > Compensation and Benefits
Employee Relations > Human Resources
Labor Relations > Employee Relations
HR Compliance > Human Resources, Compliance
HR Policies > Human Resources
Onboarding > Human Resources
Workers' Compensation > Human Resources
Greenhouse > Applicant Tracking Systems, Recruiting
Lever > Applicant Tracking Systems, Recruiting
iCIMS > Applicant Tracking Systems, Recruiting
Taleo > Applicant Tracking Systems, Recruiting
Jobvite > Applicant Tracking Systems, Recruiting
Applicant Tracking Systems > Recruiting
Candidate Sourcing > Recruiting
Interviewing > Recruiting
LinkedIn Recruiter > Recruiting, Candidate Sourcing
Westlaw > Legal Research
LexisNexis > Legal Research
Legal Drafting > Legal Research
GDPR > Data Privacy
Bar Admission > Legal Research, Legal Advice
Litigation Support > Litigation
Civil Procedure > Litigation
Depositions > Litigation
Discovery > Litigation
Epic > Electronic Health Records
Cerner > Electronic Health Records
Meditech > Electronic Health Records
Meditech Expanse > Electronic Health Records
Allscripts > Electronic Health Records
Athenahealth > Electronic Health Records
eClinicalWorks > Electronic Health Records
NextGen Healthcare > Electronic Health Records
Practice Fusion > Electronic Health Records
Dentrix > Dental Care
Eaglesoft > Dental Care
ACLS > BLS, CPR
PALS > BLS, CPR
BLS > CPR
ICD-10 > Medical Coding
CPT Coding > Medical Coding
Medical Coding > Medical Terminology
Venipuncture > Phlebotomy
Phlebotomy > Venipuncture
IV Therapy > Medication Administration
Medication Administration > Patient Care
Wound Care > Patient Care
Vital Signs > Patient Care
Registered Nurse License > Nursing, Patient Care
Certified Nursing Assistant > Patient Care, Personal Care Assistance
Salesforce > CRM Management
Salesforce Sales Cloud > Salesforce, CRM Management
HubSpot > CRM Management
Dynamics 365 > CRM Management
Zoho CRM > CRM Management
Pipedrive > CRM Management
LinkedIn Sales Navigator > Lead Generation
ZoomInfo > Lead Generation
Outreach.io > Lead Generation
SalesLoft > Lead Generation
Cold Calling > Lead Generation, Sales
Lead Qualification > Lead Generation
B2B Sales > Sales
B2C Sales > Sales
Inside Sales > Sales
Outside Sales > Sales
Solution Selling > Sales
Territory Management > Sales
Upselling > Sales
Sales Management > Sales
Key Accounts > Account Management
Channel Sales > Sales
Adobe Photoshop > Adobe Creative Suite
Adobe Illustrator > Adobe Creative Suite
Adobe InDesign > Adobe Creative Suite, Page Layout
Adobe Premiere Pro > Adobe Creative Suite, Video Editing
Adobe After Effects > Adobe Creative Suite, Motion Graphics Design
Adobe Lightroom > Adobe Creative Suite, Photo Editing Skills
Adobe XD > Adobe Creative Suite, UI Design
Adobe Dreamweaver > Adobe Creative Suite, Web Design
Adobe Animate > Adobe Creative Suite, Animation
Adobe Audition > Adobe Creative Suite, Audio Editing
Adobe Acrobat > Adobe Creative Suite
Figma > UI Design
Sketch > UI Design
Final Cut Pro > Video Editing
Avid Media Composer > Video Editing
DaVinci Resolve > Video Editing
Pro Tools > Audio Editing
Logic Pro > Audio Editing
Ableton Live > Audio Editing
Autodesk Maya > 3D Modeling
Blender > 3D Modeling
Cinema 4D > 3D Modeling
3ds Max > 3D Modeling
ZBrush > 3D Modeling
AutoCAD > CAD
Revit > CAD, Building Information Modeling
SolidWorks > CAD
CATIA > CAD
PTC Creo > CAD
Siemens NX > CAD
Inventor > CAD
Fusion 360 > CAD
Civil 3D > CAD, Civil Engineering
MicroStation > CAD
SketchUp > CAD
Navisworks > Building Information Modeling
Gerber AccuMark > Pattern Making
Optitex > Pattern Making
Clo3D > Fashion Design
Pattern Making > Fashion Design
Procore > Construction Management
Primavera P6 > Project Scheduling, Project Management
Microsoft Project > Project Management
Bluebeam > Blueprint Reading
PlanSwift > Cost Estimation
OSHA Safety > Occupational Safety
Safety Inspections > Occupational Safety
Subcontractor Management > Construction Management
Site Supervision > Construction Management
Building Codes > Construction Management
A&P License > Aircraft Maintenance
Avionics > Aircraft Maintenance
Aircraft Inspection > Aircraft Maintenance
Pilot License > Flight Operations
FAA Regulations > Aviation Safety
Pesticide Applicator License > Pest Management
Precision Agriculture > Crop Production
Dairy Production > Livestock Management
ServSafe > Food Safety, Sanitation
Menu Planning > Culinary Arts
Kitchen Management > Culinary Arts
Baking > Culinary Arts
Food Cost Control > Kitchen Management
Banquets and Catering > Food and Beverage Service
Food Preparation > Culinary Arts
Bartending > Food and Beverage Service
Micros POS > Point of Sale
Toast POS > Point of Sale
Aloha POS > Point of Sale
Square POS > Point of Sale
Opera PMS > Hotel Management
Lesson Planning > Teaching
Differentiated Instruction > Teaching
Classroom Management > Teaching
Student Assessment > Teaching
Literacy Instruction > Teaching
Math Instruction > Teaching
ESL > Teaching
Special Education > Teaching
Individualized Education Programs > Special Education
Blackboard > E-Learning
Canvas LMS > E-Learning
Moodle > E-Learning
Google Classroom > E-Learning
Schoology > E-Learning
SMART Board > Classroom Technology
Personal Training > Exercise Programming
Group Fitness > Exercise Programming
Fitness Certification > Personal Training
Strength and Conditioning > Exercise Programming
Yoga > Group Fitness
Pilates > Group Fitness
ASE Certification > Automotive Repair
Automotive Diagnostics > Automotive Repair
Engine Repair > Automotive Repair
Brake Systems > Automotive Repair
Transmission Repair > Automotive Repair
Automotive Electrical Systems > Automotive Repair
Suspension and Steering > Automotive Repair
Collision Repair > Automotive Repair
ALLDATA > Automotive Repair
Mitchell > Automotive Repair
Bloomberg Terminal > Financial Analysis
FactSet > Financial Analysis
Capital IQ > Financial Analysis
Refinitiv Eikon > Financial Analysis
Financial Modeling > Financial Analysis, Excel
Valuation > Financial Analysis
Securities Licenses > Investment Management
Teller Operations > Cash Handling, Retail Banking
Loan Processing > Retail Banking
Bank Secrecy Act > Anti-Money Laundering, Compliance
Anti-Money Laundering > Compliance
Know Your Customer > Compliance
Know Your Customer > Anti-Money Laundering
Cision > Public Relations, Media Outreach
Meltwater > Public Relations, Media Outreach
Muck Rack > Media Outreach
PR Newswire > Press Release Writing
Press Release Writing > Public Relations
Media Outreach > Public Relations
Crisis Communications > Public Relations
Hootsuite > Social Media Marketing
Sprout Social > Social Media Marketing
Buffer > Social Media Marketing
Google Analytics > Web Analytics
Google Ads > Search Engine Marketing, Digital Marketing
Facebook Ads > Digital Marketing, Social Media Marketing
Mailchimp > Email Marketing
Constant Contact > Email Marketing
Marketo > Marketing Automation
Pardot > Marketing Automation
SEMrush > SEO
Ahrefs > SEO
WordPress > Content Management Systems
ArcGIS > GIS
QGIS > GIS
Six Sigma > Process Improvement
Lean Manufacturing > Process Improvement
Statistical Process Control > Quality Control
Quality Management Systems > Quality Control
Root Cause Analysis > Troubleshooting
CNC Machining > Machining
Welding > Fabrication
Commercial Driving > Transportation Management
Cycle Counting > Inventory Management
Warehouse Operations > Warehouse Management
Yardi > Real Estate
AppFolio > Real Estate
Property Leasing > Real Estate
Epicor > ERP Systems
NetSuite > ERP Systems
SAP > ERP Systems
Oracle E-Business Suite > ERP Systems
JD Edwards > ERP Systems
"""
