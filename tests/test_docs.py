"""The README stays a short page for a user, its links lead somewhere, and the repository stands on its own."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)\s]*)?\)")
# Written in two pieces so that this file does not hold the strings it looks for.
OUTSIDE = ("../" + "shared", "shared/" + "DESIGN", "DESIGN" + ".md", "TECH-" + "NOTES", "STYLE" + ".md")


def _local_links(path: Path) -> list[str]:
    return [t for t in LINK.findall(path.read_text(encoding="utf-8")) if "://" not in t and not t.startswith("mailto:")]


def _repository_files() -> list[Path]:
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: every file but the environment's
        skip = {".git", ".venv", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
        return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]
    return [ROOT / name for name in listed.decode().split("\0") if name and (ROOT / name).is_file()]


def test_the_readme_is_at_most_250_lines():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250, f"README.md has {len(lines)} lines; move the details to docs/"


def test_every_file_the_readme_links_to_exists_and_every_docs_page_is_linked():
    targets = _local_links(README)
    assert any(t.startswith("docs/") for t in targets)  # the scan itself works
    missing = sorted(t for t in targets if not (ROOT / t).exists())
    assert not missing, f"README.md links to files that do not exist: {missing}"
    pages = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md")}
    unlinked = sorted(pages - set(targets))
    assert not unlinked, f"docs pages the README does not link to: {unlinked}"


def test_links_between_docs_pages_lead_to_files_that_exist():
    broken = [f"{page.name} -> {t}" for page in sorted((ROOT / "docs").glob("*.md"))
              for t in _local_links(page) if not (page.parent / t).exists()]
    assert not broken, f"broken links in docs/: {broken}"


def test_no_file_in_the_repository_refers_to_documents_outside_it():
    files = _repository_files()
    assert any(p.name == "README.md" for p in files)  # the listing itself works
    found = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            found += [f"{path.relative_to(ROOT)}:{number}: {s}" for s in OUTSIDE if s in line]
    assert not found, "files refer to documents outside the repository:\n" + "\n".join(found)
