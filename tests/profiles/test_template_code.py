"""The digest mail templates compiled to Python render exactly what Django renders: hostile
text (markup, entities, quotes, unicode, control characters), missing and odd-typed fields,
empty and long lists, exploration labels, every market branch, another language and the
thousand separator on."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest import mock

import css_inline
import pytest
from django.template.loader import get_template
from django.test import override_settings
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiles.models import CandidateProfile, DailyDigest
from profiles.services.template_code import (
    Unsupported,
    compile_template,
    compile_template_source,
    protected_markup,
)

TEMPLATES = ["profiles/digest_email.html", "profiles/digest_email.txt"]
HOSTILE = [
    "", " ", "<script>alert('x')</script>", 'Ann & <Bob> "Lead"', "O'Reilly & Sons",
    "&amp; &lt; &#x27;", "Zoë Çelik \u2013 東京 🚀", "tab\tnew\nline\r\n", "\x00\x0b\x1f",
    "{{ digest }}", "{% if %}", "a" * 300, "\u00a0non-breaking\u2028sep",
]  # fmt: skip

text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
number = st.one_of(
    st.integers(-5, 3), st.integers(0, 10**7), st.floats(allow_nan=False, width=32),
    st.floats(-1, 101), st.just(0.5), st.just(2.5), st.just(-0.0),
)  # fmt: skip
value = st.one_of(text, number, st.none(), st.booleans())


def maybe(d: dict[str, Any], draw: Any) -> dict[str, Any]:
    """``d`` with some keys dropped (a missing key resolves through Django's slow path)."""
    return {k: v for k, v in d.items() if draw(st.integers(0, 9))}


@st.composite
def contexts(draw: Any) -> dict[str, Any]:
    jobs = []
    for i in range(draw(st.integers(0, 12))):
        job = {
            "job_id": i,
            "score_id": i,
            "title": draw(text),
            "company": draw(text),
            "location": draw(st.one_of(text, st.none())),
            "score": draw(st.one_of(number, st.none(), text)),
            "next_step": draw(st.one_of(text, st.none())),
            "url": draw(text),
            "link": draw(text),
            "exploration": draw(
                st.one_of(
                    st.none(),
                    st.just({}),
                    st.just(False),
                    st.fixed_dictionaries({"label": text, "why": text}),
                    st.fixed_dictionaries({"label": text}),
                )
            ),
        }
        jobs.append(maybe(job, draw) if draw(st.integers(0, 4)) == 0 else job)
    skills = [
        {"skill": draw(text), "count": draw(value), "of": draw(value)}
        for _ in range(draw(st.integers(0, 4)))
    ]
    market = {
        "weeks": draw(st.one_of(st.integers(0, 4), st.none(), text)),
        "scope": draw(st.sampled_from(["all", "occupations", "", None])),
        "scope_label": draw(st.one_of(text, st.none())),
        "postings_this_week": draw(value),
        "postings_last_week": draw(value),
        "remote_share": draw(st.one_of(number, st.none(), text)),
        "top_skills": [
            {"skill": draw(text), "postings": draw(value), "change": draw(value)}
            for _ in range(draw(st.integers(0, 5)))
        ],
    }
    digest = DailyDigest(
        digest_date=date(2026, 11, 22),
        digest_title=draw(text),
        digest_summary=draw(st.one_of(text, st.text(min_size=100, max_size=200))),
        top_jobs=jobs,
        skill_recommendations=skills,
        market_trends=draw(st.one_of(st.just(market), st.builds(lambda: maybe(market, draw)))),
        tracking_token="t" * 32,
    )
    candidate = CandidateProfile(full_name=draw(text), email="c@example.org")
    return {
        "digest": digest,
        "candidate": candidate,
        "site_url": draw(text),
        "open_pixel": draw(text),
        "click_urls": {},
        "jobs": draw(st.one_of(st.just(jobs), st.just([]), st.just(None))),
        "page_url": draw(text),
        "unsubscribe_url": draw(text),
        "preferences_url": draw(text),
    }


@pytest.mark.parametrize("name", TEMPLATES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(context=contexts())
def test_compiled_equals_django(name: str, context: dict[str, Any]) -> None:
    compiled = compile_template(name)
    assert compiled(dict(context)) == get_template(name).render(dict(context))


@pytest.mark.parametrize("name", TEMPLATES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(context=contexts(), language=st.sampled_from(["de", "fr", "en"]))
def test_compiled_equals_django_in_another_language_with_thousand_separators(
    name: str, context: dict[str, Any], language: str
) -> None:
    compiled = compile_template(name)
    with override_settings(USE_THOUSAND_SEPARATOR=True):
        for each in ("en", language):  # the memo of number filters is kept per language
            with translation.override(each):
                assert compiled(dict(context)) == get_template(name).render(dict(context))
    # and back: the memo of number filters is forgotten when the settings change
    assert compiled(dict(context)) == get_template(name).render(dict(context))


def test_both_templates_compile_to_code_and_others_are_refused() -> None:
    for name in TEMPLATES:
        _, source = compile_template_source(name)
        assert "def render(context)" in source
    with pytest.raises(Unsupported):
        compile_template("profiles/digest_detail.html")  # extends a base: not translated


# --- styles inlined once, on the template's markup --------------------------------------------

INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
# the same HTML5 parser and serialiser with nothing inlined: two pages that give the same text
# here are the same document (elements, attributes, styles, text), whatever their escaping
DOCUMENT = css_inline.CSSInliner(
    inline_style_tags=False,
    keep_style_tags=True,
    keep_link_tags=True,
    load_remote_stylesheets=False,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(context=contexts())
def test_styles_inlined_on_the_markup_give_the_document_of_inlining_each_page(
    context: dict[str, Any],
) -> None:
    name = "profiles/digest_email.html"
    compiled = compile_template(name, INLINER.inline)
    page = compiled(dict(context))
    reference = INLINER.inline(get_template(name).render(dict(context)))
    assert DOCUMENT.inline(page) == DOCUMENT.inline(reference)
    assert "@media" in page and '<body style="margin: 0;' in page


def test_protected_markup_keeps_every_tag_where_it_stood() -> None:
    source = (
        "<html><head><title>{{ title }}</title><style>td { color: red; }</style></head><body>"
        '<table>{% for r in rows %}<tr><td><a href="{{ r.url }}">{{ r.name }}</a></td></tr>'
        "{% endfor %}</table>{# note #}</body></html>"
    )
    out = protected_markup(source, INLINER.inline)
    for tag in (
        "{{ title }}",
        "{% for r in rows %}",
        '"{{ r.url }}"',
        "{{ r.name }}",
        "{# note #}",
    ):
        assert out.count(tag) == 1, tag
    assert '<td style="color: red;">' in out
    assert out.index("{% for r in rows %}") < out.index("<tr>") < out.index("{% endfor %}")


@pytest.mark.parametrize(
    "transform",
    [
        lambda html: html.replace("<!--tpl:1-->", ""),  # a tag dropped
        lambda html: html.replace("<!--tpl:0-->", "").replace("</p>", "<!--tpl:0--></p>"),
    ],
    ids=["dropped", "moved"],
)
def test_a_transform_that_loses_or_moves_a_tag_is_refused(transform) -> None:
    with pytest.raises(Unsupported):
        protected_markup("<p>{{ a }} and {{ b }}</p>", transform)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(context=contexts())
def test_a_page_whose_markup_cannot_be_inlined_once_is_inlined_on_each_render(
    context: dict[str, Any],
) -> None:
    from profiles.services import digests

    def refused(name, markup=None):
        if markup is not None:
            raise Unsupported("markup moved")
        return compile_template(name)

    once = digests._compile(digests.HTML_TEMPLATE, inline=True)(dict(context))
    with mock.patch.object(digests, "compile_template", refused):
        each = digests._compile(digests.HTML_TEMPLATE, inline=True)(dict(context))
    assert DOCUMENT.inline(each) == DOCUMENT.inline(once)
    assert '<body style="margin: 0;' in each
