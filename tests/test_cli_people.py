"""`motcua users …` and `motcua invite list|revoke` on a real SQLite file.

The commands run in this process through typer's runner (the same app `motcua` runs, with
the environment set for the call): a fresh interpreter per command would cost seconds each,
and tests/channels/test_console.py already runs `motcua invite` as a real process.
"""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from bot.cli import app
from bot.db import make_engine


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def motcua(data: Path, *args: str, stdin: str = "") -> Result:
    env = {"DATA_DIR": str(data), "DATABASE_URL": "", "TELEGRAM_TOKEN": "", "LOG_LEVEL": "WARNING"}
    result = CliRunner().invoke(app, list(args), input=stdin, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def code_of(result: Result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout.split("Mã mời:")[1].split()[0]


def audit(data: Path) -> list[tuple[object, ...]]:
    engine = make_engine(f"sqlite:///{data / 'motcua.sqlite3'}")
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT user_id, changed_by, field, old_value, new_value FROM member_change "
            "ORDER BY id")).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_an_admin_revokes_an_unused_invite(tmp_path: Path) -> None:
    assert motcua(tmp_path, "unit", "add", "ab", "Trung tâm xã An Bình").returncode == 0
    used = code_of(motcua(tmp_path, "invite", "--unit", "ab", "--role", "staff",
                          "--sector", "ca,dd"))
    unused = code_of(motcua(tmp_path, "invite", "create", "--unit", "ab", "--role", "lead"))
    joined = motcua(tmp_path, "chat", "--user", "lan", stdin=f"/thamgia {used}\n")
    assert "Chào mừng" in joined.stdout
    listed = motcua(tmp_path, "invite", "list", "--unit", "ab")
    assert "#2  lãnh đạo" in listed.stdout and "chưa dùng" in listed.stdout
    assert "#1 " not in listed.stdout  # the used one is shown only with --all
    assert "#1  cán bộ, ngành ca, dd" in motcua(tmp_path, "invite", "list", "--unit", "ab",
                                                "--all").stdout
    refused = motcua(tmp_path, "invite", "revoke", "1", "--unit", "ab")
    assert refused.returncode == 1 and "motcua users remove" in refused.stderr
    revoked = motcua(tmp_path, "invite", "revoke", "2", "--unit", "ab")
    assert revoked.returncode == 0 and "Đã thu hồi mã mời số 2" in revoked.stdout
    late = motcua(tmp_path, "chat", "--user", "minh", stdin=f"/thamgia {unused}\n")
    assert "đã bị thu hồi" in late.stdout and "Chào mừng" not in late.stdout


def test_users_list_set_and_remove(tmp_path: Path) -> None:
    motcua(tmp_path, "unit", "add", "ab", "Trung tâm xã An Bình")
    code = code_of(motcua(tmp_path, "invite", "--unit", "ab", "--sector", "xa"))
    motcua(tmp_path, "chat", "--user", "lan", "--name", "Lê Lan", stdin=f"/thamgia {code}\n")
    listed = motcua(tmp_path, "users", "list", "--unit", "ab")
    assert "#1  Lê Lan — cán bộ, ngành: xa" in listed.stdout and "lan" not in listed.stdout
    changed = motcua(tmp_path, "users", "set", "1", "--unit", "ab", "--sectors", "xa,ca",
                     "--role", "lead")
    assert changed.returncode == 0, changed.stderr
    assert "cán bộ → lãnh đạo" in changed.stdout and "xa → xa,ca" in changed.stdout
    bad = motcua(tmp_path, "users", "set", "1", "--unit", "ab", "--sectors", "zz")
    assert bad.returncode == 1 and "không có lĩnh vực «zz»" in bad.stderr
    removed = motcua(tmp_path, "users", "remove", "1", "--unit", "ab")
    assert "Đã xoá #1" in removed.stdout
    after = motcua(tmp_path, "chat", "--user", "lan", stdin="bc tt=3\n")
    assert "chỉ dành cho cán bộ" in after.stdout
    assert [row[2:] for row in audit(tmp_path)] == [
        ("role", "staff", "lead"), ("sectors", "xa", "xa,ca"), ("removed", "lead", "")]
    assert {row[1] for row in audit(tmp_path)} == {None}  # the command line, not a chat user
