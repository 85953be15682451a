"""Vocabulary shared by every app: strategy modes, application categories, outcomes."""

from django.db import models


class StrategyMode(models.TextChoices):
    IMPROVE_RESUME_FIRST = "IMPROVE_RESUME_FIRST", "Improve resume first"
    RETHINK_TARGETS = "RETHINK_TARGETS", "Rethink targets"
    APPLY_MODE = "APPLY_MODE", "Apply mode"


class ApplicationCategory(models.TextChoices):
    REACH = "reach", "Reach"
    TARGET = "target", "Target"
    SAFETY = "safety", "Safety"


class OutcomeStatus(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    OFFER = "offer", "Offer"
    REJECTED = "rejected", "Rejected"
    GHOSTED = "ghosted", "Ghosted"


class Seniority(models.TextChoices):
    INTERN = "intern", "Intern"
    ENTRY = "entry", "Entry"
    MID = "mid", "Mid"
    SENIOR = "senior", "Senior"
    LEAD = "lead", "Lead"
    EXECUTIVE = "executive", "Executive"


class CompanyStage(models.TextChoices):
    SEED = "seed", "Seed"
    SERIES_A = "series_a", "Series A"
    SERIES_B = "series_b", "Series B"
    GROWTH = "growth", "Growth"
    PUBLIC = "public", "Public"
    ENTERPRISE = "enterprise", "Enterprise"
    NONPROFIT = "nonprofit", "Non-profit"
    UNKNOWN = "unknown", "Unknown"


class ResumeEditType(models.TextChoices):
    ADDED_METRICS = "added_metrics", "Added metrics"
    ACTION_VERBS = "action_verbs", "Stronger action verbs"
    ADDED_KEYWORDS = "added_keywords", "Added keywords"
    SHORTENED = "shortened", "Shortened"
    REFORMATTED = "reformatted", "Reformatted"
