#!/usr/bin/env python3
"""Audit the pinned Python and npm dependencies for known vulnerabilities; `make test` runs it before pytest.

Fails (exit 1) when an advisory that has a fixed version is not in `audit-allowlist.toml`, or when an
allow-list entry is malformed or past its expiry date. Advisories without a fix are printed, not fatal.

The advisory services (PyPI's per-version JSON API or OSV for pip-audit; the npm registry's bulk
advisory endpoint for `npm audit`) may not answer where this runs: a registry mirror without those
endpoints, or no network. Then the audit says so loudly and passes, unless AUDIT_REQUIRE_SERVICE=1
(set it in a CI that reaches the real services), which makes an unanswered audit fail too.
"""

import json
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = REPO_ROOT / "audit-allowlist.toml"
REQUIREMENTS = REPO_ROOT / "requirements-dev.txt"  # includes requirements.txt
TIMEOUT_SECONDS = 180


@dataclass(frozen=True)
class Finding:
    ecosystem: str  # "python" or "npm"
    package: str
    version: str
    ids: tuple[str, ...]  # the advisory's id first, then its aliases (CVE, GHSA, PYSEC)
    fix: str  # the fixed versions, or "" when there is none
    title: str = ""

    def label(self) -> str:
        fix = f"fixed in {self.fix}" if self.fix else "no fix yet"
        return f"{self.ecosystem} {self.package} {self.version}: {', '.join(self.ids)} ({fix}) {self.title}".strip()


@dataclass
class AuditResult:
    """What one audit found: the ecosystems whose service did not answer, findings, allow-list problems."""

    unavailable: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Allowance:
    id: str
    reason: str
    expires: date


class AllowlistError(ValueError):
    """The allow-list file is not what it must be: every entry an id, a reason and an expiry date."""


def load_allowlist(text: str) -> list[Allowance]:
    """The allow-list's entries from its TOML text; raises AllowlistError for a malformed entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AllowlistError(f"audit-allowlist.toml is not valid TOML: {exc}") from exc
    entries = []
    for number, entry in enumerate(data.get("allow", []), start=1):
        missing = [key for key in ("id", "reason", "expires") if not entry.get(key)]
        if missing:
            raise AllowlistError(f"allow-list entry {number} lacks {', '.join(missing)}")
        if not isinstance(entry["expires"], date):
            raise AllowlistError(f"allow-list entry {entry['id']}: expires must be a date (YYYY-MM-DD)")
        entries.append(Allowance(id=str(entry["id"]), reason=str(entry["reason"]), expires=entry["expires"]))
    return entries


def python_findings(report: dict) -> tuple[list[Finding], str]:
    """Findings from `pip-audit --format json`, and why the service counts as unavailable ("" if it answered)."""
    dependencies = report.get("dependencies", [])
    audited = [dep for dep in dependencies if "skip_reason" not in dep]
    if dependencies and not audited:
        return [], f"every package was skipped, e.g. {dependencies[0].get('skip_reason', '')}"
    findings = [
        Finding(
            ecosystem="python",
            package=dep["name"],
            version=dep.get("version", ""),
            ids=(vuln["id"], *vuln.get("aliases", [])),
            fix=", ".join(vuln.get("fix_versions", [])),
            title=(vuln.get("description") or "").split("\n")[0][:120],
        )
        for dep in audited
        for vuln in dep.get("vulns", [])
    ]
    return findings, ""


def npm_findings(report: dict) -> tuple[list[Finding], str]:
    """Findings from `npm audit --json`, and why the service counts as unavailable ("" if it answered)."""
    if "error" in report or "statusCode" in report:
        error = report.get("error") if isinstance(report.get("error"), dict) else {}
        return [], str(report.get("message") or error.get("summary") or error.get("detail") or report)[:200]
    findings = []
    for name, vulnerability in report.get("vulnerabilities", {}).items():
        fix = vulnerability.get("fixAvailable")
        fix_text = f"{fix['name']}@{fix['version']}" if isinstance(fix, dict) else ("yes" if fix else "")
        for via in vulnerability.get("via", []):
            if not isinstance(via, dict):
                continue  # a package vulnerable only through another: that one is listed itself
            url = via.get("url", "")
            ghsa = url.rsplit("/", 1)[-1] if "/advisories/" in url else ""
            ids = tuple(i for i in (ghsa, str(via.get("source", ""))) if i)
            findings.append(
                Finding(
                    ecosystem="npm",
                    package=name,
                    version=vulnerability.get("range", ""),
                    ids=ids,
                    fix=fix_text,
                    title=via.get("title", ""),
                )
            )
    return findings, ""


def verdict(result: AuditResult, allowlist: list[Allowance], *, today: date, require_service: bool) -> list[str]:
    """The reasons the audit fails (empty: it passes), printing what it saw along the way."""
    failures = []
    allowed = {entry.id: entry for entry in allowlist if entry.expires >= today}
    for entry in allowlist:
        if entry.expires < today:
            failures.append(f"allow-list entry {entry.id} expired on {entry.expires}: fix it or renew it with a reason")
    for ecosystem, why in result.unavailable.items():
        message = f"{ecosystem} advisories could not be checked: {why}"
        if require_service:
            failures.append(message)
        else:
            print(f"WARNING: {message} (AUDIT_REQUIRE_SERVICE=1 makes this fail)")
    for finding in result.findings:
        entry = next((allowed[i] for i in finding.ids if i in allowed), None)
        if entry is not None:
            print(f"allowed until {entry.expires}: {finding.label()} -- {entry.reason}")
        elif finding.fix:
            failures.append(f"known vulnerability with a fix: {finding.label()}")
        else:
            print(f"WARNING (no fix available yet): {finding.label()}")
    return failures


def _run_json(command: list[str]) -> tuple[dict, str]:
    try:
        completed = subprocess.run(  # noqa: S603 - fixed commands, no shell
            command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {}, f"{command[0]} did not run: {exc}"
    try:
        return json.loads(completed.stdout), ""
    except ValueError:
        return {}, (completed.stderr.strip().splitlines() or ["no output"])[-1][:200]


def run_audit() -> AuditResult:
    """Run pip-audit over the pinned requirements and npm audit over package-lock.json."""
    result = AuditResult()
    pip_audit = Path(sys.executable).with_name("pip-audit")
    report, error = _run_json(
        [
            str(pip_audit),
            "-r",
            str(REQUIREMENTS),
            "--no-deps",
            "--disable-pip",
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ]
    )
    findings, unavailable = python_findings(report) if not error else ([], error)
    result.findings += findings
    if unavailable:
        result.unavailable["python"] = unavailable
    report, error = _run_json(["npm", "audit", "--json", "--package-lock-only"])
    findings, unavailable = npm_findings(report) if not error else ([], error)
    result.findings += findings
    if unavailable:
        result.unavailable["npm"] = unavailable
    return result


def main() -> int:
    try:
        allowlist = load_allowlist(ALLOWLIST.read_text(encoding="utf-8") if ALLOWLIST.exists() else "")
    except AllowlistError as exc:
        print(f"dependency audit failed: {exc}")
        return 1
    require_service = os.environ.get("AUDIT_REQUIRE_SERVICE", "") == "1"
    failures = verdict(run_audit(), allowlist, today=date.today(), require_service=require_service)
    for failure in failures:
        print(f"dependency audit failed: {failure}")
    if not failures:
        print("dependency audit passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
