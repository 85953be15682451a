from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from profiles.models import CandidateProfile
from recruitly.domain import CompanyStage, OutcomeStatus


class SignUpForm(UserCreationForm):
    email = forms.EmailField(required=True)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


class ResumeUploadForm(forms.Form):
    file = forms.FileField(required=False, help_text="PDF, DOCX or plain text, up to 5 MB")
    resume_text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 8}), label="…or paste the text"
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("file") and not str(data.get("resume_text") or "").strip():
            raise forms.ValidationError("Choose a file or paste your resume text.")
        return data


def _lines(value: str) -> list[str]:
    return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]


class ListField(forms.CharField):
    """A comma-separated list shown as text."""

    def prepare_value(self, value: object) -> object:
        return ", ".join(str(v) for v in value) if isinstance(value, list) else value

    def to_python(self, value: object) -> list[str]:  # type: ignore[override]
        return _lines(str(value or ""))


class ProfileForm(forms.ModelForm):
    skills = ListField(required=False, help_text="Comma-separated; known names are normalised")
    desired_roles = ListField(required=False)
    preferred_locations = ListField(required=False)
    company_size_preference = forms.MultipleChoiceField(
        required=False,
        choices=[(c, label) for c, label in CompanyStage.choices if c != "unknown"],
        widget=forms.CheckboxSelectMultiple,
        label="Company stages you prefer",
    )

    class Meta:
        model = CandidateProfile
        fields = (
            "full_name",
            "email",
            "phone",
            "location",
            "years_of_experience",
            "career_level",
            "desired_roles",
            "preferred_locations",
            "open_to_remote",
            "salary_range_min",
            "salary_range_max",
            "company_size_preference",
        )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        low, high = data.get("salary_range_min"), data.get("salary_range_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_range_max", "The maximum must not be below the minimum.")
        return data


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(choices=OutcomeStatus.choices)
