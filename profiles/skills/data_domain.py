# ruff: noqa: E501
"""Domain and professional skills across industries (same line format as ``data_languages``)."""

DOMAIN = """
Machine Learning | ML, machine-learning, statistical learning
Deep Learning | DL, neural networks, neural network, deep neural networks
Natural Language Processing | NLP, natural language understanding, NLU, text mining
Computer Vision | image recognition, image processing, object detection
Reinforcement Learning
Generative AI | genai, gen ai, generative models
MLOps | ml ops, model deployment, ml engineering
Data Science | data scientist work
Data Analysis | data analytics, analyzing data, analysing data, data analyses
Data Engineering | data pipelines, data pipeline, etl pipelines
Data Visualization | data visualisation, dashboards, dashboarding, data viz
Data Modeling | data modelling, dimensional modeling, star schema
Data Warehousing | data warehouse, data warehouses, dwh
Data Governance | data quality, master data management, mdm
Big Data | big-data
ETL | extract transform load, elt
Statistics | statistical analysis, statistical modeling, statistical modelling, inferential statistics
A/B Testing | ab testing, split testing, experimentation, online experiments
Predictive Modeling | predictive modelling, predictive analytics, forecasting models
Time Series Analysis | time series, time-series forecasting
Recommender Systems | recommendation systems, recommendation engines
Feature Engineering
Business Intelligence | BI
Quantitative Analysis | quantitative research, quant analysis
Econometrics
Operations Research | mathematical optimization, linear programming
Cloud Computing | cloud infrastructure, cloud architecture, cloud-native, cloud native, cloud computing
DevOps | dev ops, devsecops
Site Reliability Engineering | SRE, reliability engineering
Infrastructure as Code | IaC, infrastructure-as-code
Distributed Systems | distributed computing
System Design | systems design, software architecture, solution architecture
Object-Oriented Programming | OOP, object oriented programming, object-oriented design, OOD
Functional Programming
Design Patterns | software design patterns
Test-Driven Development | TDD, test driven development
Behavior-Driven Development | BDD, behaviour driven development
Unit Testing | unit tests
Integration Testing | integration tests
End-to-End Testing | e2e testing, end to end testing, e2e tests
Test Automation | automated testing, automation testing, qa automation
Manual Testing | manual qa, exploratory testing
Performance Testing | load testing, stress testing
Quality Assurance | QA, software quality assurance
Code Review | code reviews, peer review
Debugging | troubleshooting code
Troubleshooting | troubleshoot, troubleshooted
Performance Optimization | performance tuning, query optimization
API Design | api development, api integration, api integrations, apis
Backend Development | back-end development, backend engineering, server-side development
Frontend Development | front-end development, frontend engineering, client-side development, frontend, front-end
Full-Stack Development | full stack development, fullstack development
Mobile Development | mobile app development, mobile apps
Web Development | web applications, web apps
Responsive Design | responsive web design, mobile-first design
Accessibility | a11y, WCAG, web accessibility, section 508
Web Performance | core web vitals, lighthouse
SEO | search engine optimization, search engine optimisation, on-page seo, technical seo
Embedded Systems | embedded software, firmware, firmware development
Real-Time Systems | rtos
IoT | internet of things
Robotics
Computer Networking | networking protocols, TCP/IP, tcp ip, dns, dhcp, vpn, routing and switching, lan/wan
Network Security | firewalls, ids/ips, intrusion detection
Cybersecurity | cyber security, information security, infosec, it security
Penetration Testing | pen testing, pentesting, ethical hacking
Security Auditing | security audits, vulnerability assessment, vulnerability management
Identity and Access Management | IAM, identity management, access management
Incident Response | incident management, security operations, soc
Threat Modeling | threat modelling
Cryptography | encryption, pki, public key infrastructure
Compliance | regulatory compliance
SOC 2 | soc2, soc 2 type ii
ISO 27001 | iso/iec 27001
GDPR | general data protection regulation
HIPAA | hipaa compliance
PCI DSS | pci compliance, pci-dss
System Administration | sysadmin, systems administration, it administration
IT Support | help desk, helpdesk, desktop support, technical support
ITIL | itil v4, itil foundation
Virtualization | virtualisation, virtual machines
Backup and Recovery | disaster recovery, business continuity
Database Administration | DBA, database management
Blockchain | web3, smart contracts, distributed ledger
Game Development | game design, gameplay programming
3D Modeling | 3d modelling, 3d modeling and animation
Animation ! | =Animation, =Motion Graphics, =motion graphics
Video Editing | video production, video post-production
Photography | photo editing
UX Design | user experience, user experience design, ux, ux/ui, ui/ux
UI Design | user interface design, visual design, interface design
Interaction Design | ixd
Wireframing | wireframes, mockups, wire-framing
Prototyping | rapid prototyping, clickable prototypes
User Research | usability testing, user interviews, ux research
Information Architecture
Design Systems | design system, component libraries
Graphic Design | graphic designer work, layout design
Branding | brand identity, brand management, brand design
Brand Strategy | brand strategies
Typography | typesetting
Illustration ! | =Illustration, =illustrations
Product Management | product manager work, product ownership
Product Strategy | product vision
Product Roadmapping | roadmaps, roadmapping, product roadmap
Agile | agile methodologies, agile methodology, agile development
Scrum | scrum master, scrum ceremonies, sprint planning
Kanban
Lean ! | =Lean Six Sigma
Six Sigma | six sigma green belt, six sigma black belt, dmaic
Waterfall ! | =Waterfall
Project Management | project planning, project delivery, PMP, PRINCE2
Program Management | programme management
Requirements Gathering | requirements analysis, business requirements, user stories
Business Analysis | business analyst work, process mapping, gap analysis
Process Improvement | process optimization, continuous improvement, kaizen
Change Management | organizational change
Risk Management | risk assessment, risk analysis
Vendor Management | supplier management, third-party management
Budgeting | budget management, budget planning, budget preparation, managing budgets
Forecasting | demand forecasting, sales forecasting
Financial Modeling | financial modelling, three-statement model, dcf, discounted cash flow
Financial Analysis | financial statement analysis, ratio analysis
Financial Reporting | management reporting, financial reports
Variance Analysis | budget variance analysis, variance reporting, budget vs actual analysis
FP&A | financial planning and analysis, fp&a
Accounting | accounting principles, financial accounting
Accounts Payable | =A/P, ap processing, accounts payables, invoice processing, vendor payments
Accounts Receivable | =A/R, accounts receivables, customer invoicing
GAAP | us gaap
IFRS
Auditing | internal audit, external audit, audits
Tax Preparation | taxation, tax compliance, tax returns, tax prep
Payroll | payroll processing
Corporate Finance
Investment Banking | m&a, mergers and acquisitions
Valuation | company valuation, business valuation
Equity Research
Portfolio Management | asset management, wealth management
Risk Modeling | credit risk, market risk, credit analysis
Underwriting
Actuarial Science | actuarial analysis
Anti-Money Laundering | AML
Know Your Customer | KYC, know your customer, know-your-customer
Trading | equity trading, algorithmic trading
Treasury ! | =Treasury, =treasury management, =cash management
Procurement | purchasing, strategic sourcing
Supply Chain Management | supply chain, SCM, logistics management
Logistics | freight, shipping and receiving
Inventory Management | inventory control, stock control, stock management
Warehouse Management | warehousing, WMS
Demand Planning | s&op, sales and operations planning
Operations Management | business operations
Manufacturing | production planning, manufacturing processes
Quality Control | QC, quality inspection
Lean Manufacturing | 5s, value stream mapping
CNC Machining | cnc, cnc programming
Welding
Mechanical Engineering | mechanical design
Electrical Engineering | circuit design, electrical design
Civil Engineering | structural engineering, structural analysis
Chemical Engineering | process engineering
CAD | computer-aided design, cad design, cad modeling
Finite Element Analysis | FEA
GD&T | geometric dimensioning and tolerancing
HVAC
PCB Design | pcb layout
Construction Management | construction project management
Estimating ! | =Cost Estimating, =cost estimation, =Estimating
Surveying | land surveying
Environmental Compliance | environmental health and safety, EHS
Occupational Safety | osha, workplace safety, health and safety
Marketing Strategy | marketing plans, go-to-market, go to market, gtm strategy
Digital Marketing | online marketing, internet marketing
Content Marketing | content creation
Content Strategy | content strategies
Social Media Marketing | social media, social media management, smm
Email Marketing | email campaigns, e-mail marketing, e-mail campaigns
Marketing Automation | marketing automation platforms
Performance Marketing | paid media, paid acquisition, ppc, pay-per-click, sem, search engine marketing
Growth Marketing | growth hacking, user acquisition
Product Marketing | product positioning, messaging
Brand Marketing | brand awareness
Marketing Analytics | campaign analytics, attribution
Market Research | market analysis, competitive analysis, competitor analysis
Copywriting | copy writing, ad copy
Content Writing | blog writing, article writing
Technical Writing | technical documentation, api documentation, writing documentation
Editing ! | =Editing, =proofreading, =Proofreading, =copy editing
Public Relations | media relations, press releases
Communications Strategy | corporate communications, internal communications
Event Planning | event management
Community Management | community building
Influencer Marketing
Affiliate Marketing
Sales | selling, sales experience
B2B Sales | b2b, enterprise sales
B2C Sales | b2c, retail sales
Account Management | key account management, client management, account mgmt
Business Development | biz dev, bizdev, partnerships
Lead Generation | prospecting, lead gen
Sales Operations | sales ops, revenue operations, revops
CRM Management | crm, customer relationship management
Customer Success | customer success management, client success
Customer Support | customer care, support tickets
Solution Selling | consultative selling
Pipeline Management | sales pipeline, pipeline mgmt, managing pipeline
Contract Negotiation | contract management, contracts
Recruiting | recruitment, talent acquisition, sourcing candidates
Human Resources | HR, people operations, hr management
Employee Relations | employee relations issues
Compensation and Benefits | total rewards
Performance Management | performance reviews, performance mgmt
Learning and Development | L&D, training and development, corporate training
Onboarding | employee onboarding, on-boarding, new hire onboarding
HRIS | human resources information system
Diversity and Inclusion | DEI, D&I, diversity equity and inclusion
Organizational Development | org design
Legal Research | legal writing, legal analysis, legal research and analysis
Contract Law | contract drafting
Litigation
Corporate Law
Intellectual Property | IP law, patents, trademarks, copyright law, copyrights
Regulatory Affairs | regulatory submissions
Paralegal | legal assistance, e-discovery
Patient Care | direct patient care, bedside care
Nursing | nursing care
Clinical Research | clinical trials, clinical studies
Electronic Health Records | EHR, EMR, electronic medical records
Medical Coding | medical coder, medical billing
Pharmacology | pharmaceutical sciences
Phlebotomy
Vital Signs | vitals monitoring
Patient Assessment | patient assessments, nursing assessment, health assessment, head-to-toe assessments, head to toe assessments
Medication Administration | medication management, administering medications
IV Therapy | iv therapy, intravenous therapy, iv insertion, iv starts
Wound Care | wound management, wound dressing
Care Planning | care plans, nursing care plans
Patient Education | patient teaching
Infection Control | infection prevention
Telemetry | telemetry monitoring, cardiac monitoring
BLS | basic life support, bls certification
ACLS | advanced cardiovascular life support, advanced cardiac life support, acls certification
PALS | pediatric advanced life support
Triage ! | =Triage, =triage
Case Management | care coordination
Epidemiology | population health
Healthcare Administration | health administration, healthcare management
Medical Devices | medical device
Good Clinical Practice | GCP certification, ich gcp
Biostatistics
Bioinformatics | genomics, computational biology
Laboratory Techniques | lab techniques, wet lab, pcr, elisa, cell culture
Molecular Biology
Chemistry ! | =Chemistry, =analytical chemistry, =organic chemistry
Physics ! | =Physics
Mathematics | applied mathematics, linear algebra, calculus
Teaching | classroom instruction
Curriculum Development | curriculum design, instructional design, curriculum writing
E-Learning | elearning, online learning, lms, learning management systems
Tutoring | tutor
Special Education | sped, special ed
Classroom Management
Educational Technology | edtech
Research ~ | academic research, research methods, research projects, scientific research
Grant Writing | grant applications, fundraising
Nonprofit Management | non-profit management
Volunteer Management
Policy Analysis | public policy
Customer Experience | CX, customer journey
Hospitality | hotel operations, guest services
Food Safety | haccp, food safety standards
Retail Management | store management
Visual Merchandising
Point of Sale | pos, pos systems
Cash Handling | handling cash, cash management retail
Real Estate | property management, leasing
Insurance ! | =Insurance, =insurance claims, =claims processing
Translation | localization, localisation, interpreting
Spanish ! | =Spanish
French ! | =French
German ! | =German
Mandarin ! | =Mandarin, =Chinese
Japanese ! | =Japanese
Portuguese ! | =Portuguese
Arabic ! | =Arabic
Hindi ! | =Hindi
Italian ! | =Italian
Korean ! | =Korean
Russian ! | =Russian
Dutch ! | =Dutch
Sign Language | asl, american sign language
Data Entry | data-entry
Scheduling ! | =Scheduling, =calendar management
Administrative Support | office administration, administrative assistance, clerical
Reconciliation | reconciliations, bank reconciliation, account reconciliation
Due Diligence
Fraud Detection | fraud prevention
Credit Card Processing | payments processing, payment processing
E-commerce Operations | e-commerce operations, ecommerce operations
Pricing Strategy | revenue management, pricing strategies
Negotiation Strategy | deal structuring
Localization Engineering | i18n, internationalization, internationalisation
Open Source | open-source, oss contributions
Technical Leadership | tech lead, technical lead
Engineering Management | engineering manager work, people management
Architecture Review | architecture reviews, design reviews
REST APIs ~ | =REST, restful, rest api, restful apis, restful services, restful api, =REST
Microservices | microservice, micro-services, microservice architecture
Serverless | serverless architecture, faas
Event-Driven Architecture | event driven architecture, event-driven, event sourcing, cqrs
Service Mesh | service meshes
CI/CD | continuous integration, continuous delivery, continuous deployment, cicd, ci cd, =CI
LLMs | llm, large language models, large language model, gpt-4, gpt4, chatgpt, gpt
RAG | retrieval augmented generation, retrieval-augmented generation
Vector Databases | vector database, vector db, vector search
Prompt Engineering | prompt design
SIEM | security information and event management
Computer Science | computer sciences, cs degree
Software Development | software engineering, software development lifecycle, sdlc, software development life cycle
Software Testing | software test, test engineering, qa testing, =Testing
Web Services | web-services, web service, webservices
SaaS | software as a service
Pair Programming | pairing
Relational Databases | rdbms, relational database, relational database management systems
Databases | database, database systems
Artificial Intelligence | AI, =A.I
Data Structures and Algorithms | data structures, algorithms, dsa
HTTP | https, http protocol
Data Management | data management systems
Business Administration | business management
Biotechnology | biotech
Biochemistry
Biology | biological sciences
Life Sciences | life science
RNA-Seq | rna sequencing
Cloud Services | cloud, cloud technologies, public cloud, cloud platforms, cloud solutions
Information Technology | information technologies
English ! | =English
Danish ! | =Danish
Swedish ! | =Swedish
Norwegian ! | =Norwegian
Finnish ! | =Finnish
Polish ! | =Polish
Hebrew ! | =Hebrew
Ukrainian ! | =Ukrainian
Turkish ! | =Turkish
Version Control | version control systems, vcs, source control
Caching | cache invalidation, caching strategies
ORM | object-relational mapping, orms
Multithreading | concurrency, concurrent programming, multi-threading
Configuration Management | config management
Scripting | scripting languages
Monitoring | observability, system monitoring, application monitoring
Application Security | appsec, security engineering, secure coding
Human-Computer Interaction | hci
MPLS
Windows ! | =Windows, =Windows 10, =Windows 11
""".strip()
