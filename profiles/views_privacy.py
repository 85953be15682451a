"""The privacy part of the "E-mail and privacy" page: download my data, delete my account."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from profiles.forms import PreferencesForm
from profiles.privacy.erase import AccountDeleteError, account_delete_confirmed
from profiles.privacy.export import user_data_export_audited
from profiles.services.candidates import candidate_for_user
from recruitly.http import AuthenticatedHttpRequest


@login_required
@require_GET
def account_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """All of the signed-in user's data as a JSON file download (audited)."""
    now = timezone.now()
    data = user_data_export_audited(user=request.user, exported_at=now)
    response = JsonResponse(data, json_dumps_params={"indent": 1, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="recruitly-data-{now:%Y%m%d}.json"'
    return response


@login_required
@require_POST
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Erase the account after ``DELETE`` and the password were typed; then sign out."""
    try:
        erasure = account_delete_confirmed(
            user=request.user,
            password=request.POST.get("password", ""),
            confirm=request.POST.get("confirm", "").strip(),
        )
    except AccountDeleteError as exc:
        profile = candidate_for_user(user=request.user)
        context = {
            "form": PreferencesForm(instance=profile),
            "profile": profile,
            "delete_error": exc.message,
        }
        return render(request, "profiles/preferences.html", context, status=400)
    logout(request)
    return render(request, "profiles/account_deleted.html", {"erasure": erasure})
