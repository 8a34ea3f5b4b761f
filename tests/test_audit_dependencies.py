"""The dependency audit's decisions (scripts/audit_dependencies.py): what fails `make test` and what does not."""

import importlib.util
from datetime import date

import pytest

from tests.conftest import REPO_ROOT

spec = importlib.util.spec_from_file_location("audit_dependencies", REPO_ROOT / "scripts" / "audit_dependencies.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

TODAY = date(2026, 11, 30)

PIP_AUDIT_REPORT = {
    "dependencies": [
        {"name": "django", "version": "5.2.1", "vulns": [
            {"id": "PYSEC-2026-1", "aliases": ["CVE-2026-0001", "GHSA-aaaa-bbbb-cccc"], "fix_versions": ["5.2.2"],
             "description": "SQL injection in a rare lookup\nmore text"},
        ]},
        {"name": "pillow", "version": "13.0.0", "vulns": [
            {"id": "GHSA-nofx-nofx-nofx", "aliases": [], "fix_versions": [], "description": "No fix yet"},
        ]},
        {"name": "wagtail", "version": "8.0.1", "vulns": []},
        {"name": "local-package", "skip_reason": "Dependency not found on PyPI and could not be audited"},
    ],
    "fixes": [],
}  # fmt: skip

NPM_AUDIT_REPORT = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "cytoscape": {
            "name": "cytoscape",
            "severity": "high",
            "range": "<3.35.0",
            "via": [
                {
                    "source": 1099999,
                    "title": "Prototype pollution",
                    "url": "https://github.com/advisories/GHSA-cyto-scap-e000",
                }
            ],
            "fixAvailable": {"name": "cytoscape", "version": "3.35.0", "isSemVerMajor": False},
        },
        "some-wrapper": {
            "name": "some-wrapper",
            "severity": "high",
            "range": "*",
            "via": ["cytoscape"],
            "fixAvailable": True,
        },
    },
}


def allowlist(entries: str):
    return audit.load_allowlist(entries)


def result_of(pip_report=None, npm_report=None):
    result = audit.AuditResult()
    for ecosystem, parse, report in (
        ("python", audit.python_findings, pip_report),
        ("npm", audit.npm_findings, npm_report),
    ):
        findings, unavailable = parse(report or {"dependencies": [], "vulnerabilities": {}})
        result.findings += findings
        if unavailable:
            result.unavailable[ecosystem] = unavailable
    return result


def test_a_vulnerability_with_a_fix_fails_the_audit():
    failures = audit.verdict(result_of(PIP_AUDIT_REPORT), [], today=TODAY, require_service=False)

    assert len(failures) == 1
    assert "django 5.2.1" in failures[0]
    assert "fixed in 5.2.2" in failures[0]


def test_a_vulnerability_without_a_fix_is_reported_but_passes(capsys):
    report = {"dependencies": [PIP_AUDIT_REPORT["dependencies"][1]]}

    assert audit.verdict(result_of(report), [], today=TODAY, require_service=False) == []
    assert "no fix available yet" in capsys.readouterr().out


@pytest.mark.parametrize("listed_id", ["PYSEC-2026-1", "CVE-2026-0001", "GHSA-aaaa-bbbb-cccc"])
def test_an_allowed_vulnerability_passes_under_any_of_its_ids(listed_id, capsys):
    entries = allowlist(f'[[allow]]\nid = "{listed_id}"\nreason = "Lookup unused here"\nexpires = 2027-01-31\n')

    assert audit.verdict(result_of(PIP_AUDIT_REPORT), entries, today=TODAY, require_service=False) == []
    assert "Lookup unused here" in capsys.readouterr().out


def test_an_expired_allowance_fails_even_when_nothing_matches_it():
    entries = allowlist('[[allow]]\nid = "PYSEC-2026-1"\nreason = "Was fine"\nexpires = 2026-11-29\n')

    failures = audit.verdict(result_of(PIP_AUDIT_REPORT), entries, today=TODAY, require_service=False)

    assert any("expired on 2026-11-29" in failure for failure in failures)
    assert any("django 5.2.1" in failure for failure in failures)  # and it no longer covers its advisory
    assert audit.verdict(result_of(), entries, today=TODAY, require_service=False) != []


def test_an_allowance_expiring_today_still_holds():
    entries = allowlist('[[allow]]\nid = "PYSEC-2026-1"\nreason = "Last day"\nexpires = 2026-11-30\n')

    assert audit.verdict(result_of(PIP_AUDIT_REPORT), entries, today=TODAY, require_service=False) == []


@pytest.mark.parametrize(
    "text",
    [
        '[[allow]]\nid = "X"\nexpires = 2027-01-01\n',  # no reason
        '[[allow]]\nid = "X"\nreason = "r"\n',  # no expiry
        '[[allow]]\nreason = "r"\nexpires = 2027-01-01\n',  # no id
        '[[allow]]\nid = "X"\nreason = "r"\nexpires = "soon"\n',  # not a date
        "[[allow]\n",  # not TOML
    ],
)
def test_a_malformed_allowlist_entry_is_refused(text):
    with pytest.raises(audit.AllowlistError):
        allowlist(text)


def test_the_projects_own_allowlist_is_valid_and_current():
    entries = audit.load_allowlist((REPO_ROOT / "audit-allowlist.toml").read_text(encoding="utf-8"))

    assert [entry.id for entry in entries if entry.expires < date.today()] == []


def test_npm_findings_name_the_advisory_and_the_fix():
    failures = audit.verdict(result_of(npm_report=NPM_AUDIT_REPORT), [], today=TODAY, require_service=False)

    assert len(failures) == 1  # the wrapper vulnerable only through cytoscape is not counted twice
    assert "GHSA-cyto-scap-e000" in failures[0]
    assert "cytoscape@3.35.0" in failures[0]
    entries = allowlist('[[allow]]\nid = "GHSA-cyto-scap-e000"\nreason = "Graph input is ours"\nexpires = 2027-01-31\n')
    assert audit.verdict(result_of(npm_report=NPM_AUDIT_REPORT), entries, today=TODAY, require_service=False) == []


def test_an_unanswered_service_passes_with_a_warning_unless_required(capsys):
    skipped = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    npm_error = {"message": "405 Method Not Allowed - POST .../advisories/bulk", "error": {"summary": ""}}
    result = result_of(skipped, npm_error)

    assert set(result.unavailable) == {"python", "npm"}
    assert audit.verdict(result, [], today=TODAY, require_service=False) == []
    assert "could not be checked" in capsys.readouterr().out
    assert len(audit.verdict(result, [], today=TODAY, require_service=True)) == 2


def test_the_audit_runs_here_and_passes_or_names_what_it_could_not_check():
    result = audit.run_audit()

    assert set(result.unavailable) <= {"python", "npm"}
    if "python" not in result.unavailable:  # the advisory service answered: the real verdict counts
        allowed = audit.load_allowlist((REPO_ROOT / "audit-allowlist.toml").read_text(encoding="utf-8"))
        assert audit.verdict(result, allowed, today=date.today(), require_service=False) == []
