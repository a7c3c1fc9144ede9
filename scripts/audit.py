"""`make audit`: check the pinned dependencies for known vulnerabilities with pip-audit.

pip-audit says "No known vulnerabilities found" and exits 0 even when it could audit nothing
(a package index mirror without PyPI's vulnerability data, no network). This says which
packages were checked and which were not, and fails when any known vulnerability is found,
or, with ``STUDIO_AUDIT_STRICT=1``, when any package could not be checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def audit(requirements: Path) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            str(requirements),
            "--format",
            "json",
            "--output",
            str(report),
            "--progress-spinner",
            "off",
        ]
        service = os.environ.get("STUDIO_AUDIT_SERVICE")  # "pypi" (the default) or "osv"
        if service:
            command += ["--vulnerability-service", service]
        finished = subprocess.run(command, capture_output=True, text=True)
        if not report.exists():
            sys.exit(f"pip-audit did not run:\n{finished.stderr}")
        return json.loads(report.read_text())


def verdict(dependencies: list[dict], *, strict: bool) -> tuple[list[str], int]:
    """Return the report's lines and the exit code for pip-audit's list of dependencies."""
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if "skip_reason" in d]
    checked = len(dependencies) - len(skipped)
    lines = [f"pip-audit: {checked} of {len(dependencies)} pinned packages checked."]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed release yet"
            lines.append(
                f"  VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']}"
                f" (fixed in {fixed})"
            )
    if skipped:
        lines.append(f"  NOT AUDITED: {len(skipped)} packages; the service gave no data for them:")
        lines += [f"    {dependency['skip_reason']}" for dependency in skipped]
    elif not vulnerable:
        lines.append("  No known vulnerabilities.")
    failed = bool(vulnerable) or (bool(skipped) and strict)
    return lines, int(failed)


def main() -> int:
    dependencies = audit(ROOT / "requirements.txt")["dependencies"]
    lines, code = verdict(dependencies, strict=os.environ.get("STUDIO_AUDIT_STRICT") == "1")
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
