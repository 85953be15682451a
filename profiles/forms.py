from __future__ import annotations

from typing import Any

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


class LineListField(ListField):
    """A list edited one item per line, for items that contain commas themselves
    ("Pittsburgh, PA", "Globex, Inc.", "Engineer, Backend")."""

    def __init__(self, *, rows: int = 3, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "One per line")
        super().__init__(widget=forms.Textarea(attrs={"rows": rows}), **kwargs)

    def prepare_value(self, value: object) -> object:
        return "\n".join(str(v) for v in value) if isinstance(value, list) else value

    def to_python(self, value: object) -> list[str]:  # type: ignore[override]
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def _list_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class YearListField(ListField):
    """Graduation years, comma-separated; each a four-digit year."""

    def to_python(self, value: object) -> list[int]:  # type: ignore[override]
        years = []
        for part in _lines(str(value or "")):
            if not (part.isdigit() and 1900 <= int(part) <= 2100):
                raise forms.ValidationError(f"“{part}” is not a year such as 2019.")
            years.append(int(part))
        return years


class ProfileForm(forms.ModelForm):
    skills = ListField(
        required=False,
        widget=_list_area(4),
        help_text="Comma-separated or one per line; known names are normalised",
    )
    desired_roles = LineListField(required=False, rows=2)
    preferred_locations = LineListField(required=False, rows=2)
    job_titles = LineListField(
        required=False,
        label="Job titles you have held",
        help_text="One per line, as read from your resume, newest first; correct or add any",
    )
    companies = LineListField(required=False, label="Companies you worked for")
    industries = LineListField(required=False, rows=2)
    degrees = LineListField(required=False, rows=2)
    institutions = LineListField(required=False, rows=2, label="Schools")
    graduation_years = YearListField(required=False, label="Graduation years")
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
            "professional_summary",
            "job_titles",
            "companies",
            "industries",
            "degrees",
            "institutions",
            "graduation_years",
            "desired_roles",
            "preferred_locations",
            "open_to_remote",
            "salary_range_min",
            "salary_range_max",
            "company_size_preference",
        )
        labels = {"open_to_remote": "Open to remote work", "full_name": "Full name"}
        widgets = {"professional_summary": forms.Textarea(attrs={"rows": 4})}

    SECTIONS = (
        ("About you", ("full_name", "email", "phone", "location")),
        (
            "Experience (read from your resume)",
            ("professional_summary", "job_titles", "companies", "industries",
             "years_of_experience", "career_level"),
        ),
        ("Education", ("degrees", "institutions", "graduation_years")),
        ("Skills", ("skills",)),
        (
            "What you are looking for",
            ("desired_roles", "preferred_locations", "open_to_remote", "salary_range_min",
             "salary_range_max", "company_size_preference"),
        ),
    )  # fmt: skip

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        low, high = data.get("salary_range_min"), data.get("salary_range_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_range_max", "The maximum must not be below the minimum.")
        return data


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(choices=OutcomeStatus.choices)


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = CandidateProfile
        fields = ("digest_emails", "experimentation_opt_out", "market_insights_opt_out")
        labels = {
            "digest_emails": "E-mail me the daily digest",
            "experimentation_opt_out": "Leave me out of experiments (A/B tests)",
            "market_insights_opt_out": "Leave me out of anonymised market analytics",
        }
        help_texts = {
            "digest_emails": "Your digests stay on the Digests page either way.",
            "experimentation_opt_out": "You always get the platform's current settings.",
            "market_insights_opt_out": "Your applications are not counted in others' figures.",
        }
