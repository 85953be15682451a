"""Screenshots of the main pages at phone (390 px) and desktop (1400 px) width, for the README.

Run against the demo (``make demo`` in one shell, then, in another, from the repository root):

    .venv/bin/python docs/make_screenshots.py [--base-url http://127.0.0.1:8000]

It signs in as the demo's candidate and reviewer (password ``DEMO_PASSWORD``, default
``recruitly-demo``), opens the candidate dashboard, their best match, their latest digest
e-mail (rendered as sent, from the same database) and the review page, and writes
``docs/screenshots/<page>-<width>.png``. Chromium is Debian's (``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
WIDTHS = (390, 1400)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def _django() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop, sync ORM
    import django

    django.setup()


def _demo_candidate() -> tuple[str, int, str]:
    """The demo's signed-in candidate, their best match and their latest digest e-mail."""
    from django.db.models import Count

    from profiles.models import CandidateProfile, DailyDigest, JobScore
    from profiles.services.digests import digest_email_html

    profile = (
        CandidateProfile.objects.select_related("user")
        .annotate(n=Count("applications"))
        .order_by("-n", "user__username")
        .first()
    )
    if profile is None:
        raise SystemExit("no candidate: run `make demo` first")
    best = JobScore.objects.filter(candidate=profile).order_by("-compatibility_score").first()
    digest = (
        DailyDigest.objects.filter(candidate=profile)
        .exclude(top_jobs=[])
        .select_related("candidate__user")
        .first()
    )
    if best is None or digest is None:
        raise SystemExit("the demo candidate has no match or digest yet")
    return profile.user.get_username(), best.pk, digest_email_html(digest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    _django()
    from playwright.sync_api import sync_playwright

    password = os.environ.get("DEMO_PASSWORD", "recruitly-demo")
    candidate, match_id, email_html = _demo_candidate()
    OUT.mkdir(parents=True, exist_ok=True)
    shots = [
        (candidate, "candidate-dashboard", "/me/"),
        (candidate, "match", f"/me/matches/{match_id}/"),
        (candidate, "digest-email", "/mail-preview/"),
        ("reviewer", "review", "/review/"),
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            for user in dict.fromkeys(u for u, _, _ in shots):
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                page.route(
                    "**/mail-preview/",
                    lambda route: route.fulfill(body=email_html, content_type="text/html"),
                )
                page.goto(args.base_url + "/accounts/login/")
                page.fill("#id_username", user)
                page.fill("#id_password", password)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url(args.base_url + "/")
                for _, name, path in (s for s in shots if s[0] == user):
                    page.goto(args.base_url + path)
                    target = OUT / f"{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target.relative_to(REPO))
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
