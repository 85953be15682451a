"""Input and output shapes of the seed-003 API (nested as the seed's examples are)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from profiles.models import (
    CandidateProfile,
    JobListing,
    JobScore,
    ResumeOptimization,
    ResumeSuggestion,
    ResumeVersion,
)
from profiles.services.optimize import accepted_share
from profiles.services.scoring import score_components
from recruitly.domain import Seniority


class SalaryRangeSerializer(serializers.Serializer):
    min = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    max = serializers.IntegerField(min_value=0, allow_null=True, required=False)


class PersonalInfoSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=255, allow_blank=True, required=False)
    email = serializers.EmailField(allow_blank=True, required=False)
    phone = serializers.CharField(max_length=50, allow_blank=True, required=False)
    location = serializers.CharField(max_length=255, allow_blank=True, required=False)
    work_authorization = serializers.CharField(max_length=100, allow_blank=True, required=False)


class PreferencesSerializer(serializers.Serializer):
    desired_roles = serializers.ListField(child=serializers.CharField(), required=False)
    preferred_locations = serializers.ListField(child=serializers.CharField(), required=False)
    salary_range = SalaryRangeSerializer(required=False)
    job_types = serializers.ListField(child=serializers.CharField(), required=False)
    company_size_preference = serializers.ListField(child=serializers.CharField(), required=False)
    open_to_remote = serializers.BooleanField(required=False)


class SkillsSerializer(serializers.Serializer):
    programming_languages = serializers.ListField(child=serializers.CharField(), required=False)
    frameworks_libraries = serializers.ListField(child=serializers.CharField(), required=False)
    tools_platforms = serializers.ListField(child=serializers.CharField(), required=False)
    soft_skills = serializers.ListField(child=serializers.CharField(), required=False)


class ProfileUpdateSerializer(serializers.Serializer):
    personal_info = PersonalInfoSerializer(required=False)
    preferences = PreferencesSerializer(required=False)
    skills = SkillsSerializer(required=False)
    years_of_experience = serializers.FloatField(min_value=0, max_value=70, required=False)
    career_level = serializers.ChoiceField(choices=Seniority.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        salary = attrs.get("preferences", {}).get("salary_range", {})
        low, high = salary.get("min"), salary.get("max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"preferences": "salary_range.min exceeds max"})
        return attrs


def profile_data(profile: CandidateProfile) -> dict[str, Any]:
    return {
        "user_id": profile.user.get_username(),
        "personal_info": {
            "full_name": profile.full_name,
            "email": profile.email,
            "phone": profile.phone,
            "location": profile.location,
            "work_authorization": profile.work_authorization,
            "linkedin": profile.linkedin,
        },
        "professional_summary": {
            "years_of_experience": profile.years_of_experience,
            "career_level": profile.career_level,
            "summary": profile.professional_summary,
            "strategy_mode": profile.strategy_mode,
        },
        "skills": {
            "programming_languages": profile.programming_languages,
            "frameworks_libraries": profile.frameworks_libraries,
            "tools_platforms": profile.tools_platforms,
            "soft_skills": profile.soft_skills,
            "sources": profile.skill_sources,
        },
        "experience": {
            "job_titles": profile.job_titles,
            "companies": profile.companies,
            "industries": profile.industries,
            "descriptions": profile.experience_descriptions,
        },
        "education": {
            "degrees": profile.degrees,
            "institutions": profile.institutions,
            "graduation_years": profile.graduation_years,
            "relevant_coursework": profile.relevant_coursework,
        },
        "preferences": {
            "desired_roles": profile.desired_roles,
            "preferred_locations": profile.preferred_locations,
            "salary_range": {"min": profile.salary_range_min, "max": profile.salary_range_max},
            "job_types": profile.job_types,
            "company_size_preference": profile.company_size_preference,
            "open_to_remote": profile.open_to_remote,
        },
        "metadata": {
            "created_at": profile.created_at,
            "updated_at": profile.updated_at,
            "last_resume_upload": profile.last_resume_upload,
        },
    }


class ProfileOutputSerializer(serializers.Serializer):
    """Documented shape of :func:`profile_data`."""

    user_id = serializers.CharField()
    personal_info = serializers.DictField()
    professional_summary = serializers.DictField()
    skills = serializers.DictField()
    experience = serializers.DictField()
    education = serializers.DictField()
    preferences = serializers.DictField()
    metadata = serializers.DictField()


class ResumeVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResumeVersion
        fields = ("id", "version", "source_type", "source_name", "resume_score", "score_reasons",
                  "created_at")  # fmt: skip


class ParseOutputSerializer(serializers.Serializer):
    profile = ProfileOutputSerializer()
    resume_version = ResumeVersionSerializer()
    warnings = serializers.ListField(child=serializers.CharField())
    ai_provider = serializers.CharField()


class JobSerializer(serializers.ModelSerializer):
    seniority = serializers.CharField(help_text="intern, entry, mid, senior, lead, executive")
    company_stage = serializers.CharField()

    class Meta:
        model = JobListing
        fields = (
            "id", "title", "company", "location", "remote", "seniority", "industry",
            "company_stage", "salary_min", "salary_max", "salary_currency", "required_skills",
            "nice_to_have_skills", "url", "source", "posted_at", "is_active",
        )  # fmt: skip


class ExplorationSerializer(serializers.Serializer):
    # DRF's metaclass pops declared fields, so this does not replace Field.label at run time
    label = serializers.CharField(  # type: ignore[assignment]
        help_text='"Outside your usual matches \u2014 exploring"'
    )
    why = serializers.CharField(help_text="Why it is outside the candidate's usual matches")


class MatchSerializer(serializers.ModelSerializer):
    job = JobSerializer()
    breakdown = serializers.SerializerMethodField()
    exploration = ExplorationSerializer(
        read_only=True,
        allow_null=True,
        help_text="Set when exploration added the match (a share of matches from outside "
        "the candidate's usual occupations); null for the usual matches.",
    )

    class Meta:
        model = JobScore
        fields = (
            "id", "job", "compatibility_score", "confidence_score", "ai_rerank_score", "breakdown",
            "ai_reasoning",
            "match_factors", "mismatch_factors", "matched_skills", "missing_skills", "next_step",
            "user_interested", "user_applied", "scored_at", "score_version", "weights_used",
            "parameter_version", "exploration",
        )  # fmt: skip

    def get_breakdown(self, obj: JobScore) -> dict[str, float | None]:
        """Each component 0-100, or null where nothing was known (it carried no points)."""
        return score_components(obj)


class UserRowSerializer(serializers.ModelSerializer):
    user_id = serializers.CharField(source="user.username")
    career_level = serializers.CharField()
    strategy_mode = serializers.CharField()

    class Meta:
        model = CandidateProfile
        fields = (
            "user_id", "full_name", "email", "location", "career_level", "years_of_experience",
            "strategy_mode", "last_resume_upload", "created_at",
        )  # fmt: skip


class FeedStatusSerializer(serializers.Serializer):
    name = serializers.CharField()
    status = serializers.CharField()
    seen = serializers.IntegerField()
    new = serializers.IntegerField()
    updated = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True)


class SuggestionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResumeSuggestion
        fields = ["id", "position", "kind", "edit_type", "original", "suggested", "reason",
                  "needs_input", "optional", "status", "final_text", "decided_at",
                  "resulting_version"]  # fmt: skip


class ScoresSerializer(serializers.Serializer):
    overall = serializers.FloatField()
    ats_compatibility = serializers.FloatField()
    keyword_density = serializers.FloatField(allow_null=True)
    readability = serializers.FloatField(allow_null=True)


class OptimizationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    job_id = serializers.IntegerField()
    source_version = serializers.IntegerField(source="source_version_id")
    result_version = serializers.IntegerField(source="result_version_id", allow_null=True)
    provider = serializers.CharField()
    model = serializers.CharField()
    prompt_version = serializers.CharField()
    processing_ms = serializers.FloatField()
    cost_usd = serializers.DecimalField(max_digits=12, decimal_places=8)
    offers = serializers.JSONField()
    stage1_analysis = serializers.JSONField(source="analysis")
    stage2_suggestions = SuggestionOutputSerializer(source="suggestions", many=True)
    stage3_validation = serializers.SerializerMethodField()
    accepted_changes = serializers.SerializerMethodField()
    rating = serializers.IntegerField(allow_null=True)

    def get_stage3_validation(self, obj: ResumeOptimization) -> dict[str, Any]:
        return {"original": obj.scores_before, "result": obj.scores_after}

    def get_accepted_changes(self, obj: ResumeOptimization) -> float | None:
        return accepted_share(obj)
