"""Candidate pages (issue 14): actions on the match page, paging, the parsed profile shown and
correctable, labelled rating buttons, the activity chart and its Wilson intervals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from statsmodels.stats.proportion import proportion_confint

from profiles.activity import application_activity
from profiles.models import Application, CandidateProfile, JobScore
from profiles.services.scoring import job_scores_compute
from tests.factories import CandidateProfileFactory, JobListingFactory
from tests.profiles.documents import RESUME_LINES, make_docx

pytestmark = pytest.mark.django_db
# Elements that may not sit inside a <p>: a browser closes the <p> before them, which is what
# moved the match page's form out of its ``.actions`` span (htmx:targetError).
BLOCKS = {"form", "div", "table", "ul", "ol", "p", "section", "fieldset", "h1", "h2", "h3"}


class NestingChecker(HTMLParser):
    """Records every block element that opens while a <p> is open."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in BLOCKS and "p" in self.stack:
            self.problems.append(f"<{tag}> inside <p> ({' > '.join(self.stack)})")
        if tag not in {"input", "br", "img", "meta", "link", "hr", "source"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


def nesting_problems(html: str) -> list[str]:
    checker = NestingChecker()
    checker.feed(html)
    return checker.problems


@pytest.fixture
def scored(db):
    profile = CandidateProfileFactory(
        skill_sources={"Python": "skills section"}, company_size_preference=["series_b"]
    )
    jobs = [
        JobListingFactory(title="Backend Engineer", required_skills=["Python", "Django"]),
        JobListingFactory(title="Platform Engineer", required_skills=["Python", "AWS"]),
    ]
    job_scores_compute(candidates=[profile], jobs=jobs)
    return profile


def test_the_match_page_keeps_its_action_form_inside_the_actions_span(client, scored) -> None:
    score = JobScore.objects.filter(candidate=scored).first()
    client.force_login(scored.user)
    body = client.get(reverse("profiles:match_detail", args=[score.pk])).content.decode()
    assert nesting_problems(body) == []
    actions = body.split(f'id="actions-{score.pk}"', 1)[1].split("</span>\n</div>", 1)[0]
    assert "<form" in actions and 'hx-target="closest .actions"' in actions
    # the button the page shows works through htmx and returns the new state
    url = reverse("profiles:match_mark", args=[score.pk, "applied"])
    assert f'hx-post="{url}"' in actions
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'class="actions"' in response.content.decode()


@pytest.mark.parametrize(
    "name", ["profiles:dashboard", "profiles:matches", "profiles:applications", "profiles:resume"]
)
def test_candidate_pages_nest_no_block_inside_a_paragraph(client, scored, name) -> None:
    client.force_login(scored.user)
    assert nesting_problems(client.get(reverse(name)).content.decode()) == []


def test_applications_page_links_every_page(client, scored) -> None:
    start = datetime(2026, 3, 2, tzinfo=UTC)
    _apps(scored, [(start + timedelta(days=i), "") for i in range(30)])
    client.force_login(scored.user)
    first = client.get(reverse("profiles:applications")).content.decode()
    assert "page 1 of 2" in first and 'href="?page=2"' in first and "1\u201325 of 30" in first
    second = client.get(reverse("profiles:applications") + "?page=2").content.decode()
    assert "26\u201330 of 30" in second and 'href="?page=1"' in second
    assert second.count('name="status"') == 5


def test_rating_buttons_have_words_and_accessible_names(client, scored) -> None:
    score = JobScore.objects.filter(candidate=scored).first()
    client.force_login(scored.user)
    body = client.get(reverse("profiles:match_detail", args=[score.pk])).content.decode()
    assert 'aria-label="Helpful"' in body and 'aria-label="Not helpful"' in body
    assert 'aria-hidden="true"' in body and "👍" not in body  # an icon, not an emoji
    assert "</svg>Helpful</button>" in body and "</svg>Not helpful</button>" in body
    assert 'aria-label="Optional comment with your rating"' in body


def test_the_candidate_sees_what_the_parser_found_and_corrects_it(
    client, django_capture_on_commit_callbacks
) -> None:
    # given a candidate who uploaded a real DOCX
    client.post(
        reverse("signup"),
        {"username": "dana", "email": "dana@example.com",
         "password1": "a-Long-passphrase-42", "password2": "a-Long-passphrase-42"},
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        docx = SimpleUploadedFile("cv.docx", make_docx(RESUME_LINES))
        client.post(reverse("profiles:resume"), {"file": docx})
    # then titles, companies, dates and education are on the pages
    dashboard = client.get(reverse("profiles:dashboard")).content.decode()
    for text in ("Senior Software Engineer", "Acme Corp", "Globex", "University of Texas"):
        assert text in dashboard, text
    assert "<td>Jan 2021</td>" in dashboard and "<td>present</td>" in dashboard
    assert "<td>Mar 2017</td>" in dashboard and "<td>Dec 2020</td>" in dashboard
    assert "2016" in dashboard
    edit = client.get(reverse("profiles:profile_edit")).content.decode()
    assert "Acme Corp" in edit and 'name="job_titles"' in edit and 'name="degrees"' in edit
    # checkboxes are inside their labels
    assert '<label class="check" for="id_open_to_remote"><input type="checkbox"' in edit
    # when the candidate corrects them
    profile = CandidateProfile.objects.get(user__username="dana")
    data = {
        "full_name": "Dana Doe", "email": "dana@example.com", "years_of_experience": "8",
        "job_titles": "Staff Engineer\nSoftware Engineer", "companies": "Acme Corp\nGlobex Inc.",
        "degrees": "B.S. Computer Science", "institutions": "UT Austin",
        "graduation_years": "2016", "skills": "Python, Go", "open_to_remote": "on",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profiles:profile_edit"), data)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.job_titles == ["Staff Engineer", "Software Engineer"]
    assert profile.institutions == ["UT Austin"] and profile.graduation_years == [2016]
    # a wrong year is refused with the reason
    bad = client.post(reverse("profiles:profile_edit"), {**data, "graduation_years": "twenty"})
    assert bad.status_code == 400 and "is not a year" in bad.content.decode()


def test_all_skills_are_shown_wrapped_not_cut(client, scored) -> None:
    scored.tools_platforms = [f"Tool {i}" for i in range(40)]
    scored.save()
    client.force_login(scored.user)
    body = client.get(reverse("profiles:dashboard")).content.decode()
    assert all(f'<span class="badge">Tool {i}</span>' in body for i in range(40))
    edit = client.get(reverse("profiles:profile_edit")).content.decode()
    assert '<textarea name="skills"' in edit and "Tool 39" in edit


def _apps(profile, rows) -> None:
    job = JobListingFactory()
    common = {"candidate": profile, "job": job, "fit_score": 50, "category": "target"}
    Application.objects.bulk_create(
        Application(**common, strategy_mode="APPLY_MODE", submitted_at=at, outcome_status=status)
        for at, status in rows
    )


def test_activity_counts_each_month_and_rates_only_known_outcomes(scored) -> None:
    # given: January 4 applications (2 interviews, 1 rejected, 1 pending), no February,
    # March 3 (1 offer, 2 ghosted) -- a history past 120 days is drawn by month
    jan, mar, jul = (datetime(2026, m, 10, tzinfo=UTC) for m in (1, 3, 7))
    _apps(
        scored,
        [(jan, "interview"), (jan, "interview"), (jan, "rejected"), (jan, ""),
         (mar, "offer"), (mar, "ghosted"), (mar, "ghosted"), (jul, "")],
    )  # fmt: skip
    points, period = application_activity(candidate=scored)
    assert period == "month"
    assert [p.label for p in points][:3] == ["Jan 26", "Feb 26", "Mar 26"] and len(points) == 7
    january, february, march = points[:3]
    assert (january.bar, january.n, january.k) == (4, 3, 2)
    assert (february.bar, february.n) == (0, 0) and february.rate is None
    assert (march.n, march.k) == (3, 1)
    low, high = proportion_confint(2, 3, alpha=0.05, method="wilson")
    assert january.low == pytest.approx(low) and january.high == pytest.approx(high)
    assert points[-1].n == 0 and points[-1].bar == 1  # July's one application is pending


def test_a_short_history_is_drawn_by_week_on_the_dashboard(client, scored) -> None:
    start = datetime(2026, 6, 1, tzinfo=UTC)  # a Monday
    _apps(scored, [(start + timedelta(days=d), "interview" if d % 2 else "") for d in range(20)])
    points, period = application_activity(candidate=scored)
    assert period == "week" and [p.bar for p in points] == [7, 7, 6]
    client.force_login(scored.user)
    body = client.get(reverse("profiles:dashboard")).content.decode()
    assert "applications and interview rate by week" in body
    assert "95 % interval" in body and "<svg" in body


def test_lists_whose_items_hold_commas_are_edited_one_per_line(client, scored) -> None:
    scored.preferred_locations = ["Pittsburgh, PA", "Boston, MA"]
    scored.companies = ["Globex, Inc."]
    scored.save()
    client.force_login(scored.user)
    edit = client.get(reverse("profiles:profile_edit")).content.decode()
    assert "Pittsburgh, PA\nBoston, MA</textarea>" in edit
    data = {
        "full_name": "Jo", "email": "jo@example.com", "years_of_experience": "4",
        "preferred_locations": "Pittsburgh, PA\r\nBoston, MA", "companies": "Globex, Inc.",
        "skills": "Python, SQL",
    }  # fmt: skip
    assert client.post(reverse("profiles:profile_edit"), data).status_code == 302
    scored.refresh_from_db()
    assert scored.preferred_locations == ["Pittsburgh, PA", "Boston, MA"]
    assert scored.companies == ["Globex, Inc."] and scored.programming_languages == [
        "Python",
        "SQL",
    ]
