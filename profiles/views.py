"""Candidate pages: sign-up, resume, profile, matches, applications, digests.

A candidate only ever sees their own rows: every lookup goes through a selector filtered by
the signed-in user's profile, so another candidate's id gives a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from profiles.activity import activity_chart
from profiles.ai.feedback import RatingError, ai_interaction_rate
from profiles.forms import (
    OutcomeForm,
    PreferencesForm,
    ProfileForm,
    ResumeUploadForm,
    SignUpForm,
)
from profiles.matching.ordering import personal_order
from profiles.models import AIInteraction, CandidateProfile
from profiles.parsing.documents import ResumeDocumentError
from profiles.selectors import (
    application_get,
    application_list,
    application_outcome_counts,
    candidate_profile_get,
    digest_get,
    digest_list,
    job_score_get,
    job_score_list,
    resume_version_list,
)
from profiles.services.actions import (
    ActionError,
    application_outcome_record,
    job_score_mark,
    job_score_rate,
)
from profiles.services.candidates import candidate_for_user, candidate_sign_up
from profiles.services.digests import digest_mark_viewed, digest_track_click, digest_track_open
from profiles.services.mail_preferences import (
    candidate_digest_emails_set,
    candidate_for_unsubscribe_token,
    candidate_preferences_update,
)
from profiles.services.profile import profile_update
from profiles.services.resumes import resume_text_parse, resume_upload
from profiles.services.scoring import score_components
from recruitly.http import AuthenticatedHttpRequest, HtmxHttpRequest

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from profiles.models import JobScore

RECENT_APPLICATIONS = 25
MATCHES_PER_PAGE = 25
TOP_MATCHES_ON_DASHBOARD = 5
# 1x1 transparent GIF for the digest open pixel.
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("profiles:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        profile = candidate_sign_up(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        login(request, profile.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Upload your resume to see your matches.")
        return redirect("profiles:resume")
    return render(request, "registration/signup.html", {"form": form})


def _profile(request: AuthenticatedHttpRequest) -> CandidateProfile:
    return candidate_for_user(user=request.user)


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = candidate_profile_get(user=request.user)  # viewing never creates a profile
    if profile is None:
        return render(request, "profiles/dashboard.html", {"profile": None})
    resumes = list(resume_version_list(candidate=profile)[:10])
    top = list(job_score_list(candidate=profile)[:TOP_MATCHES_ON_DASHBOARD])
    context: dict[str, object] = {
        "profile": profile,
        "counts": application_outcome_counts(candidate=profile),
        "applications": application_list(candidate=profile)[:RECENT_APPLICATIONS],
        "resumes": resumes,
        "latest_resume": resumes[0] if resumes else None,
        "top_matches": top,
        "next_step": top[0].next_step if top else "",
    }
    context["activity_chart"], context["activity_period"] = activity_chart(candidate=profile)
    return render(request, "profiles/dashboard.html", context)


@login_required
def resume(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = _profile(request)
    form = ResumeUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data.get("file")
            if upload:
                version = resume_upload(
                    candidate=profile, filename=upload.name,
                    data=upload.read(settings.RESUME_MAX_BYTES + 1),  # not all of a huge one
                    acting_user=request.user,
                )  # fmt: skip
            else:
                version = resume_text_parse(
                    candidate=profile, text=form.cleaned_data["resume_text"],
                    acting_user=request.user,
                )  # fmt: skip
        except ResumeDocumentError as exc:
            form.add_error(None, exc.message)
            status = 400
        else:
            messages.success(
                request, f"Resume v{version.version} parsed: score {version.resume_score:.0f}/100."
            )
            return redirect("profiles:dashboard")
    elif request.method == "POST":
        status = 400
    context = {"form": form, "profile": profile, "resumes": resume_version_list(candidate=profile)}
    return render(request, "profiles/resume.html", context, status=status)


@login_required
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = _profile(request)
    initial = {"skills": profile.all_skills}
    form = ProfileForm(request.POST or None, instance=profile, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "skills"}
        profile_update(candidate=profile, data=data, skills=form.cleaned_data["skills"])
        messages.success(request, "Profile saved; your matches are being re-scored.")
        return redirect("profiles:dashboard")
    context = {
        "form": form,
        "profile": profile,
        "latest_resume": resume_version_list(candidate=profile).first(),
    }
    return render(
        request, "profiles/profile_edit.html", context, status=400 if form.errors else 200
    )


def _min_score(request: HttpRequest) -> float:
    try:
        return max(0.0, min(100.0, float(request.GET.get("min_score", "0") or 0)))
    except ValueError:
        return 0.0


@login_required
def matches(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = _profile(request)
    min_score = _min_score(request)
    order = "score" if request.GET.get("order") == "score" else "personal"
    scores: QuerySet[JobScore] | list[JobScore] = job_score_list(
        candidate=profile, min_score=min_score
    )
    if order == "personal":
        # Re-rank by what worked for this candidate (learned patterns, seed 001 §7.1).
        scores = personal_order(request.user, scores)
    page = Paginator(scores, MATCHES_PER_PAGE)
    context = {
        "profile": profile,
        "page": page.get_page(request.GET.get("page")),
        "min_score": min_score,
        "order": order,
        "query": urlencode({"min_score": f"{min_score:g}", "order": order}) + "&",
    }
    template = "profiles/partials/_match_rows.html" if request.htmx else "profiles/matches.html"
    return render(request, template, context)


@login_required
def match_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request)
    score = job_score_get(candidate=profile, pk=pk)
    if score is None:
        raise Http404
    components = [
        {"name": name, "value": value, "weight": score.weights_used.get(name, 0)}
        for name, value in score_components(score).items()
    ]
    context = {"profile": profile, "score": score, "components": components}
    return render(request, "profiles/match_detail.html", context)


@login_required
@require_POST
def match_mark(request: AuthenticatedHttpRequest, pk: int, mark: str) -> HttpResponse:
    profile = _profile(request)
    score = job_score_get(candidate=profile, pk=pk)
    if score is None:
        raise Http404
    try:
        job_score_mark(candidate=profile, job_score=score, mark=mark)
    except ActionError as exc:
        return HttpResponseBadRequest(str(exc))
    if request.htmx:
        return render(request, "profiles/partials/_match_actions.html", {"score": score})
    return redirect("profiles:match_detail", pk=pk)


@login_required
@require_POST
def match_rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request)
    score = job_score_get(candidate=profile, pk=pk)
    if score is None:
        raise Http404
    try:
        interaction = job_score_rate(
            candidate=profile, job_score=score, rating=request.POST.get("rating", ""),
            comment=request.POST.get("comment", ""),
        )  # fmt: skip
    except (RatingError, ActionError) as exc:
        return HttpResponseBadRequest(str(exc))
    return _rated(request, interaction, "profiles:match_detail", pk)


@login_required
@require_POST
def ai_rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    interaction = AIInteraction.objects.filter(pk=pk, user=request.user).first()
    if interaction is None:
        raise Http404
    try:
        ai_interaction_rate(
            user=request.user, interaction=interaction, rating=request.POST.get("rating", ""),
            comment=request.POST.get("comment", ""),
        )  # fmt: skip
    except RatingError as exc:
        return HttpResponseBadRequest(str(exc))
    return _rated(request, interaction, "profiles:dashboard", None)


def _rated(
    request: HtmxHttpRequest, interaction: AIInteraction, fallback: str, pk: int | None
) -> HttpResponse:
    if request.htmx:
        return render(request, "profiles/partials/_rating.html", {"interaction": interaction})
    messages.success(request, "Thanks for the feedback.")
    return redirect(fallback, pk=pk) if pk is not None else redirect(fallback)


@login_required
def applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = _profile(request)
    page = Paginator(application_list(candidate=profile), MATCHES_PER_PAGE)
    context = {
        "profile": profile,
        "page": page.get_page(request.GET.get("page")),
        "outcome_form": OutcomeForm(),
        "counts": application_outcome_counts(candidate=profile),
    }
    return render(request, "profiles/applications.html", context)


@login_required
@require_POST
def application_outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request)
    application = application_get(candidate=profile, pk=pk)
    if application is None:
        raise Http404
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose interview, offer, rejected or ghosted.")
    application_outcome_record(
        candidate=profile, application=application, status=form.cleaned_data["status"]
    )
    if request.htmx:
        return render(request, "profiles/partials/_outcome.html", {"a": application})
    messages.success(request, "Outcome recorded.")
    return redirect("profiles:applications")


@login_required
def digests(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = _profile(request)
    page = Paginator(digest_list(candidate=profile), MATCHES_PER_PAGE)
    return render(
        request, "profiles/digests.html",
        {"profile": profile, "page": page.get_page(request.GET.get("page"))},
    )  # fmt: skip


@login_required
def digest_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request)
    digest = digest_get(candidate=profile, pk=pk)
    if digest is None:
        raise Http404
    digest_mark_viewed(digest=digest)
    return render(request, "profiles/digest_detail.html", {"profile": profile, "digest": digest})


@login_required
def digest_page(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The "open on recruitly" link of the mail: the owner lands on the digest page."""
    digest = digest_list(candidate=_profile(request)).filter(tracking_token=token).first()
    if digest is None:
        raise Http404
    return redirect("profiles:digest_detail", pk=digest.pk)


def digest_open(request: HttpRequest, token: str) -> HttpResponse:
    digest_track_open(token=token)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


def digest_click(request: HttpRequest, token: str, job_id: int) -> HttpResponse:
    digest = digest_track_click(token=token, job_id=job_id)
    if digest is None:
        raise Http404
    item = next((i for i in digest.top_jobs if i["job_id"] == job_id), None)
    if item is None:
        raise Http404
    return redirect("profiles:match_detail", pk=item["score_id"])


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    """E-mail and consent choices: the digest mail, experiments, market analytics."""
    profile = _profile(request)
    form = PreferencesForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        candidate_preferences_update(candidate=profile, **form.cleaned_data)
        messages.success(request, "Preferences saved.")
        return redirect("profiles:preferences")
    return render(request, "profiles/preferences.html", {"form": form, "profile": profile})


# A mail client's one-click POST (RFC 8058) carries no CSRF token: the signed token in the
# URL is what authorises it, and it can only ever turn the digest mail off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a confirmation button (link scanners only GET). POST: the digest mail is off."""
    candidate = candidate_for_unsubscribe_token(token=token)
    if candidate is None:
        return render(request, "profiles/unsubscribe.html", {"invalid": True}, status=404)
    done = request.method == "POST"
    if done:
        candidate_digest_emails_set(candidate=candidate, enabled=False)
    context = {"done": done, "candidate": candidate, "token": token}
    return render(request, "profiles/unsubscribe.html", context)
