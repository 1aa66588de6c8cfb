"""The exit-code contract, one representative command per code, run as a real process: bad input or a missing object
exits 1, a usage mistake 2, a configuration problem 78; each says exactly one Vietnamese line on stderr starting
"Lỗi:", prints nothing on stdout and never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def _tracker(args: list[str], db_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env["TRACKER_DB"] = db_url
    return subprocess.run([sys.executable, "-c", "from cli import main; main()", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize(("args", "db", "code"), [
    (["tasks", "done", "KHONG.CO"], "seeded", 1),  # a task that does not exist
    (["tasks", "list", "--bogus"], "seeded", 2),  # an option that does not exist
    (["nosuchcmd"], "seeded", 2),  # a command that does not exist
    (["tasks", "list"], "garbage", 78),  # TRACKER_DB is not a database URL
])
def test_each_exit_code_comes_with_exactly_one_vietnamese_error_line_and_no_traceback(
        args, db, code, seeded, db_url, tmp_path):
    proc = _tracker(args, db_url if db == "seeded" else db, tmp_path)
    assert proc.returncode == code, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("Lỗi: ") and VIETNAMESE & set(lines[0].lower()), lines[0]
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr and "Usage" not in proc.stderr
    assert proc.stdout == ""
