# ruff: noqa: E501
"""Skills of occupations beyond software (same line format as ``data_languages``).

Accounting and finance, banking, law, HR, healthcare, sales, design, construction, aviation,
agriculture, hospitality, teaching, fitness, apparel, arts, media, automotive, engineering,
public relations, consulting and office work. Aliases are phrases a resume or posting uses;
a bare common word ("design", "service") never is one, and short or ambiguous forms are
case-sensitive (``!`` / ``=``).
"""

OCCUPATIONAL_TOOLS = """
QuickBooks Desktop ~ | =QuickBooks Pro, =QuickBooks Enterprise, =QuickBooks Desktop
Peachtree ~ | =Peachtree Accounting, =Sage Peachtree
Wave Accounting ~ | =Wave Accounting
Microsoft Dynamics GP | dynamics gp, great plains
JD Edwards | jde, jd edwards enterpriseone
PeopleSoft | oracle peoplesoft, peoplesoft financials
Oracle Financials | oracle financial, oracle general ledger
SAP Concur | concur, concur expense
Expensify
Bill.com ~ | =Bill.com
Avalara
BlackLine
Kronos | ukg, ukg pro, kronos workforce, ukg kronos
Paychex
Gusto ~ | =Gusto payroll
Paycom
Paylocity
Ceridian Dayforce | dayforce
UltiPro
SuccessFactors | sap successfactors
Oracle HCM | oracle hcm cloud
Jobvite
SmartRecruiters
LinkedIn Recruiter | linkedin recruiter
Applicant Tracking Systems | applicant tracking system, ats software
Westlaw | westlaw next, westlawnext
LexisNexis | lexis nexis, lexis
Clio ~ | =Clio
PACER ! | =PACER
Relativity ~ | =Relativity eDiscovery, =kCura Relativity
iManage
Meditech Expanse | meditech expanse
Allscripts
NextGen Healthcare | nextgen ehr
Pyxis | pyxis medstation
Omnicell
Salesforce Sales Cloud | sales cloud
Salesforce Marketing Cloud | marketing cloud, exacttarget
SalesLoft
Constant Contact
Cision
Meltwater
Muck Rack
PR Newswire | prnewswire
Adobe Acrobat | acrobat pro, adobe acrobat pro
Adobe Dreamweaver | dreamweaver
Adobe Animate | adobe flash, flash animation
Adobe Audition
Adobe Bridge
CorelDRAW | corel draw
QuarkXPress | quark xpress, quark
Procreate
Affinity Designer
ZBrush
3ds Max | 3d studio max, autodesk 3ds max
Avid Media Composer | avid
Pro Tools | protools
Logic Pro | logic pro x
Ableton Live | ableton
Adobe Premiere Elements
Gerber AccuMark | accumark, gerber
Optitex
Tukatech
Clo3D ~ | =CLO 3D, =Clo3D, =CLO3D
Lectra
Procore
Primavera P6 | primavera, oracle primavera, p6 scheduling
Bluebeam | bluebeam revu
PlanSwift
Sage 300 Construction | timberline, sage timberline
Navisworks | autodesk navisworks
Civil 3D | civil3d
MicroStation | bentley microstation
Tekla Structures | tekla
STAAD.Pro ~ | =STAAD.Pro, =STAAD Pro, =STAAD
Trimble ! | =Trimble
Micros POS ~ | =MICROS, =Micros POS, =Oracle MICROS
Toast POS ~ | =Toast POS
Aloha POS ~ | =Aloha POS, =NCR Aloha
OpenTable
Opera PMS ~ | =Opera PMS, =OPERA PMS, =Oracle Opera
Square POS ~ | =Square POS, =Square Point of Sale
Mindbody ~ | =MINDBODY, =Mindbody
Blackboard ! | =Blackboard, =Blackboard Learn
Google Classroom
Schoology
PowerSchool
SMART Board | smartboard, smart boards, smart board
Nearpod
Kahoot ! | =Kahoot
Seesaw ~ | =Seesaw app
Bloomberg Professional ~ | =Bloomberg Professional
Morningstar Direct ~ | =Morningstar Direct
Fiserv
Jack Henry ~ | =Jack Henry
FIS Profile ~ | =FIS Profile
nCino
Encompass LOS ~ | =Encompass LOS, =Ellie Mae Encompass, =Ellie Mae
Calyx Point ~ | =Calyx Point
Microsoft Publisher | ms publisher
Lotus Notes | lotus notes, ibm notes
DocuSign
Mitchell ~ | =Mitchell OnDemand, =Mitchell 1
ALLDATA
CCC ONE ~ | =CCC ONE, =CCC One
Snap-on Diagnostics ~ | =Snap-on, =Snap-On
CDK Global ~ | =CDK Global, =CDK DMS
Reynolds and Reynolds ~ | =Reynolds and Reynolds, =Reynolds & Reynolds
SABRE ! | =Sabre, =SABRE, =Sabre GDS
Amadeus ! | =Amadeus, =Amadeus GDS
Galileo GDS ~ | =Galileo GDS, =Travelport
Microsoft Flight Simulator ~ | =Microsoft Flight Simulator
ForeFlight
AMOS ! | =AMOS
Minitab Workspace ~ | =Minitab Workspace
PTC Creo | creo, pro/engineer, pro engineer, proe
Siemens NX | unigraphics, nx cad
Inventor ! | =Autodesk Inventor, =Inventor
Abaqus
MS Dynamics NAV | dynamics nav, navision
Epicor
Infor ! | =Infor, =Infor M3, =Infor LN
Cvent
Eventbrite
Yardi | yardi voyager
AppFolio
RealPage
MLS ! | =MLS, =multiple listing service
Dentrix
Eaglesoft
Practice Fusion
Kareo
"""

OCCUPATIONAL = """
GIS | geographic information systems, geographic information system, gis mapping, gis analysis
ERP Systems | erp, enterprise resource planning, erp system, erp software
Bookkeeping | bookkeeper duties, full-charge bookkeeping, full charge bookkeeping
General Ledger | general ledgers, gl accounting, g/l, gl reconciliation, general ledger accounting, ledger maintenance
Journal Entries | journal entry, adjusting entries, adjusting journal entries, accruals and journal entries
Collections | collection calls, debt collection, past due accounts, collections management
Billing | billing and invoicing, invoicing
Month-End Close | month end close, monthly close, month-end closing, year-end close, year end closing, period-end close, closing the books
Financial Statements | financial statement preparation, balance sheets, balance sheet, income statements, income statement, profit and loss statements, p&l statements, cash flow statements
Cost Accounting | standard costing, job costing
Cost Analysis | cost analyses, cost-benefit analysis, cost benefit analysis
Fixed Assets | fixed asset accounting, depreciation schedules, fixed asset management
Accruals | accrual accounting, prepaid expenses
Intercompany Accounting | intercompany reconciliation, intercompany transactions
Revenue Recognition | asc 606, rev rec
Sarbanes-Oxley | =SOX, sox compliance, sarbanes oxley, sox 404
Internal Controls | internal control, control testing
CPA ! | =CPA, =Certified Public Accountant, =certified public accountant
CMA ! | =Certified Management Accountant
Cash Flow Management | cash flow, cash flow forecasting
Expense Reports | expense reporting, expense management, travel and expense
Sales Tax | sales and use tax, vat returns
Tax Planning | tax strategy, tax research
Payroll Tax | payroll taxes, w-2, w2 processing, 1099 processing, 1099s
Audit Preparation | audit support, audit schedules, audit readiness
Forensic Accounting | forensic audit
Nonprofit Accounting | fund accounting, grant accounting
Loan Processing | loan origination, loan closing, mortgage processing, mortgage lending, loan servicing
Commercial Lending | commercial loans, commercial banking
Retail Banking | branch banking, branch operations, consumer banking
Teller Operations | teller transactions, cash drawer, vault management, balancing cash drawer
Wealth Management Advisory ~ | =financial planning, =Financial Planning, =retirement planning, =Retirement Planning
Investment Management | asset allocation, investment strategy, investment research
Securities Licenses | series 7, series 63, series 66, series 65, finra licenses, finra series
Know Your Customer ~ | =customer due diligence, =CDD
Regulatory Reporting | call reports, regulatory filings
Risk and Compliance Audits ~ | =compliance audits, =compliance audit
Bank Secrecy Act | bsa, bsa/aml
Mortgage Underwriting | mortgage underwriter
Claims Adjusting | claims handling, claims adjustment, claims investigation
Litigation Support | trial preparation, trial prep, litigation management
Legal Drafting | drafting pleadings, pleadings, motions and briefs, legal briefs, drafting contracts, drafting legal documents, draft agreements, drafting agreements
Legal Advice | legal advice, legal counseling, legal counselling, legal guidance, legal review, legal reviews
Bar Admission | admitted to the bar, admitted to practice law, authorized to practice law, qualified to practice law, licensed to practice law, member of the bar, bar admission, bar admissions
Data Privacy | privacy law, data protection, privacy compliance, privacy regulations, data privacy
Case Law Research ~ | =case law
Discovery ! | =electronic discovery, =document review
Depositions | deposition preparation, deposition summaries
Civil Procedure | civil litigation
Criminal Law | criminal defense, criminal justice, prosecution
Family Law | divorce law, child custody
Employment Law | labor law, employment legislation
Real Estate Law | real estate transactions, conveyancing, title searches
Immigration Law | immigration cases, visa applications
Corporate Governance | board governance, board resolutions
Legal Compliance | regulatory law
Notary Public | notary, notarization
Court Filings | e-filing, court filing, filing motions
Mediation | dispute resolution, alternative dispute resolution, adr, arbitration
Legal Case Management | case files, case management software
Advocacy ! | =advocacy, =Advocacy, =client advocacy, =patient advocacy, =legal advocacy, =court advocacy, =victim advocacy, =family advocacy
Talent Acquisition Strategy ~ | =full cycle recruiting, =full-cycle recruiting, =full life cycle recruiting, =end-to-end recruiting
Candidate Sourcing | sourcing strategies, boolean search, talent sourcing, passive candidates
Interviewing | behavioral interviewing, candidate screening, phone screening, interview scheduling, structured interviews
Employee Onboarding Programs ~ | =new hire orientation, =new employee orientation
Benefits Administration | benefits enrollment, open enrollment, employee benefits, benefit plans, 401k administration, cobra administration
Compensation Analysis | salary benchmarking, compensation planning, pay equity, job evaluation
Workforce Planning | headcount planning, succession planning, manpower planning
HR Policies | employee handbook, hr policy, hr policies and procedures, personnel policies
HR Compliance | eeo, eeoc, flsa, fmla, ada compliance, i-9, i-9 verification, e-verify, affirmative action
Workers' Compensation | workers compensation, workers comp, workman's compensation
Employee Engagement | employee satisfaction, engagement surveys, employee retention, retention strategies
Exit Interviews | offboarding, exit interview
Background Checks | background screening, pre-employment screening, reference checks
Labor Relations | union relations, collective bargaining, union negotiations, grievance handling
Personnel Records | personnel files, employee records, hr records
Talent Management | talent development, high potential programs
Job Descriptions | job description writing, job analysis
Timekeeping | time and attendance, attendance tracking, time keeping
SHRM Certification ~ | =SHRM-CP, =SHRM-SCP, =PHR, =SPHR
Electronic Medical Records ~ | =electronic medical record
Medical Terminology | medical vocabulary
Patient Intake | patient registration, patient check-in, patient admissions
HIPAA Compliance ~ | =HIPAA regulations, =hipaa privacy
CPR | cpr certified, cpr certification, cardiopulmonary resuscitation, cpr/aed, cpr and first aid
First Aid | first-aid, first aid certified, first aid certification
AED ! | =AED, =automated external defibrillator
Medical Billing and Coding ~ | =billing and coding, =medical billing and coding
ICD-10 | icd 10, icd-9, icd9, icd10
CPT Coding ~ | =CPT, =CPT codes, cpt coding
Insurance Verification | insurance authorization, prior authorization, pre-authorization, benefits verification
Patient Scheduling | appointment scheduling, scheduling appointments, patient appointments
Clinical Documentation | charting, patient charting, nursing documentation, soap notes
Venipuncture | blood draws, blood draw, drawing blood, specimen collection
Catheterization | foley catheter, catheter insertion, urinary catheters
Medication Reconciliation
EKG | ecg, electrocardiogram, 12-lead ekg, ekgs, ecgs
Acute Care | acute care nursing, critical care, intensive care, icu
Emergency Medicine | emergency room, emergency department
Pediatrics | pediatric care, pediatric nursing, paediatrics
Geriatrics | geriatric care, elderly care, elder care, long-term care, long term care, senior care
Home Health Care | home health, home care
Hospice Care | palliative care, end of life care, end-of-life care
Mental Health | behavioral health, psychiatric care, mental health counseling
Physical Therapy | physiotherapy, rehabilitation therapy, therapeutic exercise
Occupational Therapy
Respiratory Therapy
Radiology | medical imaging, x-ray, diagnostic imaging, mri, ct scans
Surgery Assistance ~ | =operating room, =surgical procedures, =perioperative care
Labor and Delivery | obstetrics, maternity care
Dental Care | dentistry, dental hygiene, dental procedures
Pharmacy | pharmacy operations, prescription processing, dispensing medications, dispensing medication
Sterile Processing | sterilization, aseptic technique, sterile technique
Personal Care Assistance | activities of daily living, adls, adl assistance, personal care
Nutrition | dietetics, nutritional counseling, meal planning
Medicare and Medicaid | medicare, medicaid, managed care
Healthcare Compliance | joint commission, cms regulations, jcaho
Infection Prevention ~ | =universal precautions, =standard precautions
Medical Records Management | medical records, health records, health information management
Certified Nursing Assistant ~ | =CNA, =Certified Nursing Assistant, =certified nursing assistant
Registered Nurse License ~ | =RN license, =registered nurse license, =RN, =BSN
Lead Qualification | qualifying leads, lead nurturing, sales qualified leads
Cold Calling | cold calls, cold-calling, outbound calls, outbound calling
Sales Presentations | product demonstrations, product demos, sales pitches, pitching
Closing Deals ~ | =closing deals, =closing sales, =deal closing
Territory Management | territory sales, territory planning, sales territory
Quota Attainment ~ | =quota attainment, =exceeded quota, =sales quota, =sales quotas, =sales targets
Upselling | cross-selling, upsell, cross-sell, upselling and cross-selling
Relationship Selling ~ | =relationship selling
Inside Sales | inside sales experience
Outside Sales | field sales, outside sales experience
Channel Sales | channel partners, channel management, partner management, reseller management
Sales Management | sales team management, sales leadership, managing sales teams
Key Accounts ~ | =key accounts, =strategic accounts
Proposal Writing | rfp responses, rfp, request for proposal, bid writing
Customer Retention | client retention, churn reduction, customer loyalty
Market Expansion | new market development, market entry, new business development
Strategic Partnerships | partnership development, alliance management, strategic alliances
Sales Forecasting ~ | =sales forecast
Merchandising | merchandise planning, product merchandising, assortment planning
Loss Prevention | shrink reduction, shrinkage control, theft prevention
Store Operations | store opening, store closing, opening and closing procedures
Adobe Photoshop Skills ~ | =photo retouching, =image retouching, =photo manipulation
Page Layout | page layouts, print layout, print layouts
Print Design | print production, prepress, pre-press, print collateral, print materials
Logo Design | logos, logo creation, brand identity design
Packaging Design | package design
Web Design | website design, web page design, websites design
Color Theory | colour theory, color correction, colour correction
Storyboarding | storyboards
Motion Graphics Design ~ | =motion design
Visual Communication | visual communications
Interior Design | space planning, interior decorating, furniture selection, finishes selection
Fashion Design | apparel design, garment design, clothing design, fashion sketching
Pattern Making | patternmaking, pattern drafting, pattern grading, grading patterns
Sewing | garment construction, alterations, hand sewing, machine sewing
Textiles | textile design, fabrics, fabric sourcing, textile science
Technical Design ~ | =tech packs, =tech pack, =technical packages, =spec sheets
Trend Forecasting | trend analysis, fashion trends
Garment Fitting ~ | =fit sessions, =fittings, =garment fitting
Apparel Production | garment production, apparel manufacturing, sample development, production sampling
Floral Design | flower arranging, floral arrangements
Fine Arts | oil painting, acrylic painting, watercolor painting, sculpture, printmaking, studio art
Art History
Art Education | art instruction, art classes, teaching art
Music Performance | music production, music theory, instrumental music, vocal performance
Theater | theatre, stage management, stagecraft
Dance ! | =Dance, =dance instruction, =choreography, =ballet
Creative Writing | fiction writing, poetry, screenwriting, playwriting
Curating | curatorial, exhibition planning, exhibition design
Gallery Management | art gallery
Arts Administration | arts management
Videography | video shooting, camera operation, filming
Broadcasting | broadcast journalism, radio broadcasting, television production
Podcasting | podcast production, podcasts
Journalism | news writing, investigative journalism, news reporting
Media Planning | media buying, media buys, media plans
Digital Media | digital media production, new media, multimedia production
Content Management Systems | cms, content management system
Web Analytics | website analytics, site analytics, traffic analysis
Search Engine Marketing ~ | =paid search
Audio Editing | sound editing, audio production, sound design, audio mixing
Photo Editing Skills ~ | =image editing
Press Release Writing ~ | =press release writing, =writing press releases
Media Outreach | media pitching, pitching media, press outreach, media lists
Crisis Communications | crisis communication management, issues management
Speech Writing | speechwriting, executive communications
Reputation Management | brand reputation, online reputation management
Press Kits | media kits, press materials
Publicity | publicist work, press coverage, earned media
Community Relations | community outreach, public outreach, community engagement
Internal Communications Strategy ~ | =employee communications
Sponsorships | sponsorship management, sponsorship sales
Trade Shows | trade show management, trade show, trade show booths
Management Consulting | strategy consulting, consulting engagements
Business Process Reengineering | bpr, process reengineering, business process improvement
Stakeholder Analysis | stakeholder mapping
SWOT Analysis | swot
Benchmarking | best practices benchmarking, competitive benchmarking
Cost Reduction | cost savings, cost containment, cost control, cost cutting
Operational Efficiency | efficiency improvements, productivity improvement
Organizational Change ~ | =change initiatives
Business Strategy | corporate strategy, strategic initiatives, strategy development
Feasibility Studies | feasibility study, feasibility analysis
Business Case Development | business cases, business case
Blueprint Reading | blueprints, reading blueprints, plan reading, construction drawings, shop drawings, schematics reading
Carpentry | finish carpentry, rough carpentry, cabinetry, woodworking
Masonry | bricklaying, concrete work, concrete pouring, stonework, concrete finishing
Plumbing | pipe fitting, pipefitting, plumbing installation
Electrical Wiring | wiring, electrical installation, electrical systems, conduit bending, nec code, national electrical code
Drywall | drywall installation, sheetrock, plastering
Roofing
Painting and Finishing ~ | =drywall finishing, =spray painting
Heavy Equipment Operation | heavy equipment, forklift operation, forklift, excavator, backhoe, bulldozer, crane operation
Site Supervision | job site management, jobsite supervision, site management
Project Scheduling | construction scheduling, project schedules
Cost Estimation ~ | =quantity takeoff, =quantity takeoffs, =takeoffs, =construction estimating
Building Codes | building code, code compliance, ibc, international building code, zoning regulations
Subcontractor Management | subcontractor coordination, trade coordination, managing subcontractors
OSHA Safety ~ | =OSHA 10, =OSHA 30, =osha 10, =osha 30, =OSHA certified, =OSHA 30-Hour, =OSHA 10-Hour
Safety Inspections | safety audits, site inspections, safety compliance, job hazard analysis, jha
Renovation | remodeling, remodelling, renovations
General Contracting | general contractor
Land Development | site development, civil site work
Building Information Modeling | bim, bim modeling
Structural Design | structural calculations, structural drawings, steel design, concrete design
Geotechnical Engineering | soil mechanics, foundation design
Surveying Equipment ~ | =total station, =gps surveying
Aircraft Maintenance | aircraft repair, airframe maintenance, line maintenance, heavy maintenance
Avionics | avionics systems, avionics troubleshooting
A&P License | airframe and powerplant, a&p certificate, a&p mechanic, airframe & powerplant
FAA Regulations | faa, federal aviation regulations, fars, far part 121, far part 135, far 145
Flight Operations | flight ops, flight planning, flight dispatch
Pilot License ~ | =commercial pilot license, =private pilot license, =ATP certificate, =instrument rating, =multi-engine rating
Aircraft Inspection | aircraft inspections, pre-flight inspections, preflight inspections, walkaround inspections
Aviation Safety | flight safety, aviation safety management, safety management system, sms aviation
Air Traffic Control | atc
Ground Handling | ramp operations, aircraft ground handling, baggage handling, aircraft fueling, aircraft marshalling
In-Flight Service | inflight service, cabin service, passenger service, cabin safety
Crew Resource Management | crm training, crew coordination
Aircraft Systems | hydraulic systems, pneumatic systems, aircraft electrical systems, turbine engines, jet engines
Technical Publications Aviation ~ | =maintenance manuals, =illustrated parts catalog
Agronomy | crop science, crop management, soil fertility, soil science
Crop Production | crop farming, planting, harvesting, irrigation, row crops
Livestock Management | animal husbandry, livestock care, cattle management, herd management, livestock production
Farm Management | farm operations, ranch management, farm equipment
Pest Management | integrated pest management, ipm, pesticide application, pest control
Pesticide Applicator License ~ | =pesticide applicator license, =certified pesticide applicator
Horticulture | greenhouse management, nursery management, landscaping, plant propagation
Agricultural Equipment | tractor operation, tractors, farm machinery, combine operation
Food Science | food technology, food processing, food chemistry
Veterinary Care | animal care, veterinary medicine, animal health
Dairy Production | dairy farming, milking
Precision Agriculture | gps guidance, yield mapping, variable rate application
Sustainability | sustainable agriculture, environmental sustainability, conservation practices
Agribusiness | agricultural economics, agricultural marketing, commodity marketing
Soil Testing | soil sampling, soil analysis, water testing
Culinary Arts | cooking, culinary skills, culinary techniques, knife skills, cuisine
Food Preparation | food prep, prep cooking, food preparation skills
Menu Planning | menu development, menu design, menu creation, recipe development, recipe creation
Food Cost Control | food costing, food cost, food and labor costs, plate costing, cost of goods
Kitchen Management | kitchen operations, back of house, boh operations, kitchen supervision, line management kitchen
Banquets and Catering | catering, banquet operations, banquets, event catering
Baking | pastry, pastry arts, bread baking, cake decorating
Sanitation | food sanitation, kitchen sanitation, cleaning and sanitation, sanitation standards
ServSafe | servsafe certified, servsafe certification, servsafe manager, food handler certification, food handlers card
Food and Beverage Service | food and beverage, f&b, food service, table service, fine dining
Bartending | mixology, bar management, cocktails, beverage service
Front of House | foh operations, front of house operations, host stand
Guest Relations | guest satisfaction, guest experience, guest service
Hotel Management | front office operations, hotel front desk
Reservations ! | =reservation systems, =booking reservations, =reservations management, =room reservations, =Reservations
Housekeeping | housekeeping operations, room cleaning, laundry operations
Wine Knowledge ~ | =wine pairing, =sommelier, =wine service
Lesson Planning | lesson plans, lesson plan, unit planning, lesson preparation
Curriculum Planning ~ | =curriculum mapping, =curriculum implementation
Differentiated Instruction | differentiation, differentiated learning
Student Assessment | formative assessment, summative assessment, student assessments, grading papers
Behavior Management | behavior intervention, behavioral management, positive behavior support, pbis, behavior plans
Early Childhood Education | early childhood development, preschool education, child development, early learning
Elementary Education | primary education
Secondary Education | high school education
ESL | english as a second language, tesol, tefl, ell instruction, english language learners, ells, esol
Literacy Instruction | reading instruction, guided reading, phonics, literacy
Math Instruction | mathematics instruction, math education
STEM Education | =STEM
Parent Communication | parent-teacher conferences, parent conferences, parent engagement, family engagement
Individualized Education Programs ~ | =IEP, =IEPs, =IEP development, =individualized education programs
Student Engagement | student motivation, active learning
Classroom Technology | technology integration, interactive whiteboards
Teaching Certification ~ | =teaching certificate, =teaching license, =teacher certification, =state teaching license
Educational Leadership | school administration, school leadership
Student Counseling | academic advising, student advising, college counseling, career counseling
Childcare | child care, daycare, babysitting, nanny
Personal Training | one-on-one training, personal trainer, private training
Group Fitness | group exercise, fitness classes, group fitness instruction, bootcamp classes
Exercise Programming | exercise prescription, workout programs, workout plans, program design fitness, training programs fitness
Strength and Conditioning | strength training, resistance training, weight training
Fitness Assessment | fitness assessments, body composition, body composition analysis
Yoga | yoga instruction, hatha yoga, vinyasa yoga
Pilates
Cardio Training | cardiovascular training, aerobic exercise, hiit, cardio
Sports Nutrition | nutrition coaching, nutritional guidance
Kinesiology | exercise science, exercise physiology, biomechanics
Injury Prevention | injury rehabilitation, corrective exercise
Athletic Coaching | sports coaching, coaching athletes, team coaching
Fitness Certification ~ | =NASM, =ACE certified, =ACSM, =NSCA, =CSCS, =NASM-CPT
Massage Therapy | massage, deep tissue massage, swedish massage, sports massage
Wellness Coaching | wellness programs, health coaching, corporate wellness
Automotive Repair | auto repair, vehicle repair, car repair, automotive maintenance, vehicle maintenance
Automotive Diagnostics | vehicle diagnostics, engine diagnostics, diagnostic scan tools, obd-ii, obd ii, obd2
Engine Repair | engine rebuilding, engine overhaul, engine maintenance
Brake Systems | brakes, brake repair, brake service
Transmission Repair | transmissions, drivetrain
Automotive Electrical Systems | automotive electrical, vehicle electrical systems
Suspension and Steering | wheel alignment, suspension repair
Oil Changes | oil change, lube service, preventive maintenance vehicles
Tire Service | tire rotation, tire installation, tire repair
Collision Repair | auto body repair, body work, bodywork, dent repair, auto body
Automotive Painting | auto painting, refinishing, paint matching
ASE Certification ~ | =ASE certified, =ASE Certified, =ASE certification, =ASE
Fleet Maintenance | fleet management, fleet operations
Diesel Engines | diesel mechanics, diesel repair, diesel technology
Automotive Sales | car sales, vehicle sales, auto sales, dealership sales
Dealership Operations | dealership, service advisor, service writing, f&i
Parts Management | parts inventory, parts ordering, auto parts
Commercial Driving | cdl, class a cdl, commercial driver's license, commercial drivers license, class b cdl
Preventive Maintenance | preventative maintenance, pm schedules, scheduled maintenance
Hydraulics | hydraulic systems repair, hydraulic troubleshooting
Pneumatics
Mechanical Troubleshooting | mechanical repair, mechanical systems, machinery repair
Electrical Troubleshooting | electrical repair, electrical diagnostics
Machining | machine shop, lathe, milling machine, manual machining
Fabrication | metal fabrication, sheet metal fabrication, steel fabrication
Soldering | brazing, solder
Instrumentation ~ | instrumentation and controls, process control, control systems, =instrumentation technician
Thermodynamics | heat transfer, fluid mechanics, fluid dynamics, thermal analysis
Product Design | new product development, npd, design for manufacturing, dfm
Root Cause Analysis | rca, 8d, fishbone diagram, 5 whys, failure analysis, fmea, failure mode and effects analysis
Quality Management Systems | qms, iso 9001, iso9001, as9100, iatf 16949, ts 16949
Statistical Process Control | spc, control charts
Technical Drawings | engineering drawings, technical drawing
Prototyping Hardware ~ | =prototype development, =prototype testing
Systems Engineering | systems integration, system integration, requirements management
Power Systems | power distribution, power generation, electrical power, high voltage
Renewable Energy | solar energy, wind energy, solar pv, energy efficiency
Environmental Engineering | wastewater treatment, water treatment, environmental remediation, stormwater management
Engineering Design | design calculations, engineering calculations, design reviews engineering
Material Science | materials science, materials engineering, metallurgy, composites
Aerospace Engineering | aerodynamics, aeronautical engineering, propulsion, flight mechanics
Industrial Engineering | time studies, time and motion studies, work measurement, plant layout
Manufacturing Engineering ~ | =manufacturing engineering
Front Desk Operations ~ | =front desk, =reception duties, =greeting visitors
Office Management | office operations, office coordination, office procedures
Filing | filing systems, record keeping, recordkeeping, document management, records management
Typing ! | =typing, =Typing, =10-key, =10 key, =ten key, =typing speed
Multi-Line Phones ~ | =multi-line phone, =multi-line phones, =multi-line phone systems, =switchboard, =answering phones
Calendar Management ~ | =managing calendars, =calendar coordination, =travel arrangements, =travel coordination
Meeting Planning ~ | =meeting coordination, =meeting minutes, =taking minutes
Correspondence | business correspondence, letter writing, memos
Mail Handling | mail processing, mailroom, shipping and receiving mail
Bilingual ! | =Bilingual, =bilingual
Call Center Operations | call center, contact center, inbound calls, call handling
Complaint Resolution | complaint handling, handling complaints, resolving complaints, customer complaints, issue resolution
Order Processing | order entry, purchase orders, purchase order processing, sales orders
Warehouse Operations | picking and packing, pick and pack, order picking, order fulfillment, fulfillment
Cycle Counting | cycle counts, physical inventory, inventory counts, stock counts
Dispatching | dispatch, route planning, routing and scheduling, load planning
Transportation Management | transportation logistics, freight management, carrier management, tms
Import and Export | customs clearance, import/export, international shipping, freight forwarding, customs compliance
Physical Security | security patrol, access control, surveillance, cctv monitoring
Emergency Response | emergency management, disaster response, emergency preparedness, crisis response
Law Enforcement | policing, patrol, criminal investigations, police work
Firefighting | fire suppression, fire prevention, fire safety
Social Work | social services, casework, case work, social service
Counseling | counselling, therapy sessions, crisis intervention, individual counseling, group counseling
Community Outreach Programs ~ | =outreach programs
Fundraising Events ~ | =fundraising events, =donor relations, =donor stewardship, =capital campaigns
Volunteer Coordination ~ | =volunteer recruitment, =volunteer coordination
Program Development | program planning, program design, program evaluation, program implementation
Research Methods ~ | =qualitative research, =survey design, =focus groups
Laboratory Safety | lab safety, chemical safety, hazmat, hazardous materials handling
Microbiology | microbiological testing, aseptic techniques
Cosmetology | hair styling, hairstyling, hair cutting, haircutting, hair coloring, makeup application, makeup artistry, nail care, skincare, skin care, esthetics
Event Coordination | event logistics, event execution, event production, conference planning, wedding planning
Travel Planning | travel booking, itinerary planning, tour planning
Real Estate Sales | property sales, home sales, real estate listings
Property Leasing | lease administration, lease negotiation, tenant relations
Insurance Sales | insurance policies, policy sales
Cashiering | cash register, register operation, cash register operation
Product Knowledge ~ | =product knowledge
Grant Management | grants management, grant reporting, grant compliance
Public Administration | government administration
Policy Development | policy writing, policy making
Contract Administration | contract review, contract compliance, contract drafting and review
Purchasing Negotiation ~ | =vendor negotiations, =supplier negotiations, =price negotiations
Sourcing | supplier sourcing, vendor sourcing, supplier selection, rfq, rfqs
Data Reporting ~ | =ad hoc reporting, =ad-hoc reports, =kpi reporting, =kpi dashboards
KPI Tracking | kpis, key performance indicators, kpi
P&L Management | p&l, profit and loss, profit & loss, p&l responsibility
Budget Management Skills ~ | =budget oversight
Staff Training | staff development, employee training, training new employees, training staff, new hire training
Team Supervision | staff supervision, supervising staff, supervisory skills, employee supervision, team management
Hiring | hiring and firing, hiring process, recruitment and selection
Scheduling Staff ~ | =staff scheduling, =employee scheduling, =shift scheduling, =labor scheduling
"""
