"""The reviewer's form for a job source: kind, board slug or URL, schedule and filters."""

from __future__ import annotations

from typing import Any

from django import forms

from profiles.services.feeds_sources import source_kinds

MAX_EVERY_MINUTES = 7 * 24 * 60  # a week: a board read less often than that is forgotten


def _words(value: str) -> list[str]:
    return [w.strip() for w in value.split(",") if w.strip()]


class SourceForm(forms.Form):
    kind = forms.ChoiceField(choices=[])
    target = forms.CharField(
        label="Board slug or URL",
        max_length=500,
        help_text="A company slug (acme), a careers URL (https://jobs.lever.co/acme) or, for "
        "schema.org pages and feeds, the page or feed URL.",
    )
    name = forms.CharField(max_length=100, required=False, help_text="Default: kind-board")
    company = forms.CharField(
        max_length=255, required=False, help_text="For boards that do not name the company"
    )
    every = forms.IntegerField(
        label="Fetch every (minutes)", min_value=1, max_value=MAX_EVERY_MINUTES, initial=60
    )
    include = forms.CharField(required=False, help_text="Title words to keep, comma-separated")
    exclude = forms.CharField(required=False, help_text="Title words to drop, comma-separated")
    locations = forms.CharField(required=False, help_text="Places to keep (remote jobs stay)")
    remote_only = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(kind, label) for kind, label, _reads, _board in source_kinds()]

    def filters(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "include": _words(data["include"]),
            "exclude": _words(data["exclude"]),
            "locations": _words(data["locations"]),
            "remote_only": data["remote_only"],
        }
