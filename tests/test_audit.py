"""`make audit`'s verdict on pip-audit's report: a vulnerability fails, and a package that
could not be checked is named as such, never passed off as clean."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "audit", Path(__file__).resolve().parent.parent / "scripts" / "audit.py"
)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {
    "name": "oldlib",
    "version": "1.0",
    "vulns": [{"id": "PYSEC-2026-1", "fix_versions": ["1.1"]}],
}
SKIPPED = {"name": "celery", "skip_reason": "Dependency not found on PyPI: celery (5.7.0)"}


def test_a_known_vulnerability_fails_and_names_the_fixed_release():
    lines, code = audit.verdict([CLEAN, VULNERABLE], strict=False)

    assert code == 1
    assert "  VULNERABLE oldlib 1.0: PYSEC-2026-1 (fixed in 1.1)" in lines


def test_all_checked_and_clean_passes():
    lines, code = audit.verdict([CLEAN], strict=True)

    assert code == 0
    assert lines == ["pip-audit: 1 of 1 pinned packages checked.", "  No known vulnerabilities."]


def test_packages_that_could_not_be_checked_are_named_and_fail_when_strict():
    lines, code = audit.verdict([CLEAN, SKIPPED], strict=False)
    _, strict_code = audit.verdict([CLEAN, SKIPPED], strict=True)

    assert lines[0] == "pip-audit: 1 of 2 pinned packages checked."
    assert any(line.startswith("  NOT AUDITED: 1 packages") for line in lines)
    assert "No known vulnerabilities." not in "\n".join(lines)
    assert (code, strict_code) == (0, 1)
