# ruff: noqa: E501
"""Soft skills (same line format as ``data_languages``)."""

SOFT = """
Communication | communication skills, communicator, communicating
Written Communication | writing skills, written communication skills
Verbal Communication | oral communication, verbal communication skills
Presentation Skills | presentations, presenting, presentation
Public Speaking | public speaker
Leadership | leadership skills, leading teams, led teams, team leadership
Teamwork | team player, team work, team-oriented, working in teams
Collaboration | collaborative, collaborating, collaborated
Cross-Functional Collaboration | cross-functional, cross functional teams, cross-functional teams
Problem Solving | problem-solving, problem solver, solving problems
Critical Thinking | critical-thinking
Analytical Thinking | analytical skills, analytical, analytical mindset
Strategic Thinking | strategic planning, strategic mindset
Decision Making | decision-making
Creativity | creative thinking, creative
Innovation ! | =Innovation, =innovative, =Innovative
Adaptability | adaptable, adapting to change
Flexibility ! | =Flexibility, =flexible, =Flexible
Time Management | managing time, time-management
Prioritization | prioritisation, prioritizing, prioritising
Organization Skills | organizational skills, organisational skills, well-organized, well-organised
Multitasking | multi-tasking
Attention to Detail | detail-oriented, detail oriented, attention-to-detail, meticulous
Self-Motivation | self-motivated, self motivated, self-starter, self starter, proactive
Initiative ! | =Initiative, =takes initiative
Work Ethic | strong work ethic, hardworking, hard-working
Accountability | accountable
Ownership ! | =Ownership, =sense of ownership, =takes ownership
Reliability ! | =Reliability, =reliable, =Reliable, =dependable, =Dependable
Mentoring | mentorship, mentored, mentor, mentoring junior
Coaching ! | =Coaching, =coaching, =coached
Teaching Others | knowledge sharing
Delegation | delegating
Conflict Resolution | resolving conflicts, conflict management
Negotiation | negotiating, negotiations, negotiation skills
Persuasion | persuasive
Influencing | influence without authority, influencing skills
Stakeholder Management | stakeholder engagement, stakeholder communication, managing stakeholders, stakeholders
Relationship Building | building relationships, relationship management
Interpersonal Skills | interpersonal, people skills
Empathy | empathetic, empathic
Emotional Intelligence | EQ, emotional intelligence skills
Active Listening | listening skills
Customer Service | customer-service, customer service skills, customer focus, customer-focused
Client Relations | client relationships, client-facing, customer-facing
Patience ! | =Patience, =patient and calm
Resilience | resilient
Stress Management | working under pressure, works well under pressure, pressure management
Cultural Awareness | cultural sensitivity, cross-cultural communication, intercultural
Growth Mindset | continuous learning, eager to learn, fast learner, quick learner, learning agility
Curiosity | curious, intellectually curious
Open-Mindedness | open-minded, open minded
Facilitation | facilitating workshops, workshop facilitation, facilitated
Storytelling | data storytelling
Professional Networking | networking events
Team Building | building teams, team-building
Motivating Others | motivating teams, motivational
Giving Feedback | constructive feedback, feedback culture
Remote Collaboration | remote work, distributed teams, async communication
Independent Work | works independently, autonomous
Goal Setting | goal-oriented, results-driven, results-oriented, results driven
Planning ! | =Planning, =planning skills
Resourcefulness | resourceful
Integrity ! | =Integrity
Professionalism | professional demeanor
Diplomacy | diplomatic, tact
Crisis Management | crisis communication
Judgment ! | =Judgment, =Judgement, =sound judgment, =good judgement
Business Acumen | commercial awareness, commercial acumen
Entrepreneurial Mindset | entrepreneurial, entrepreneurship
Ethics ! | =Ethics, =ethical, =Ethical
Punctuality | punctual
Positive Attitude
""".strip()
