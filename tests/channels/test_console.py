"""`motcua chat` and `motcua demo` as real processes, driven through a pipe."""

import os
import subprocess
import sys
from pathlib import Path


def motcua(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(DATA_DIR=str(tmp_path), DATABASE_URL="")
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, text=True,
                          capture_output=True, env=env, timeout=120, check=False)


def test_piped_session_answers_each_line(tmp_path: Path) -> None:
    result = motcua(tmp_path, "chat", stdin="/start\n/help\nxyzw\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    welcome = out.index("Xin chào")
    help_again = out.index("Bạn có thể:", out.index("Bạn có thể:") + 1)
    not_found = out.index("chưa tìm thấy thủ tục hành chính nào khớp với «xyzw»")
    assert welcome < help_again < not_found
    assert result.stderr == ""


def test_invite_then_join_in_chat_makes_staff(tmp_path: Path) -> None:
    added = motcua(tmp_path, "unit", "add", "an-binh", "Trung tâm PVHCC xã An Bình")
    assert added.returncode == 0 and "Đã tạo đơn vị" in added.stdout
    invited = motcua(tmp_path, "invite", "--unit", "an-binh", "--role", "staff")
    code = invited.stdout.split("Mã mời:")[1].split()[0]
    joined = motcua(tmp_path, "chat", "--user", "lan", stdin=f"/join {code}\n/help\n")
    assert "Chào mừng" in joined.stdout and "Việc của cán bộ" in joined.stdout
    again = motcua(tmp_path, "chat", "--user", "minh", stdin=f"/join {code}\n")
    assert "đã được dùng" in again.stdout


def test_numbers_pick_buttons_and_a_second_user(tmp_path: Path) -> None:
    result = motcua(tmp_path, "chat", stdin="/join\n1\n")
    assert "[1] Huỷ" in result.stdout and "Đã huỷ" in result.stdout


def test_invite_for_a_missing_unit_says_what_to_do(tmp_path: Path) -> None:
    result = motcua(tmp_path, "invite", "--unit", "khong-co", "--role", "staff")
    assert result.returncode == 1 and "motcua unit list" in result.stderr


def test_run_without_token_explains_how_to_add_one(tmp_path: Path) -> None:
    result = motcua(tmp_path, "run")
    assert result.returncode == 2 and "@BotFather" in result.stdout


def test_demo_seeds_citizen_and_staff(tmp_path: Path) -> None:
    result = motcua(tmp_path, "demo", stdin="/start\n:user canbo\n/help\n")
    assert "Bạn có thể:" in result.stdout  # citizen help
    assert "Việc của cán bộ" in result.stdout  # staff help after switching user
    assert "/thamgia" in result.stdout


def test_conversation_continues_after_the_process_is_killed(tmp_path: Path) -> None:
    import signal

    motcua(tmp_path, "unit", "add", "kb", "Trung tâm xã Kim Bình")
    code = motcua(tmp_path, "invite", "--unit", "kb").stdout.split("Mã mời:")[1].split()[0]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(DATA_DIR=str(tmp_path), DATABASE_URL="", PYTHONUNBUFFERED="1")
    first = subprocess.Popen([sys.executable, "-m", "bot", "chat", "--user", "hoa"], env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert first.stdin is not None and first.stdout is not None
    first.stdin.write("/thamgia\n")
    first.stdin.flush()
    assert "gửi mã mời" in first.stdout.readline()  # the bot is now waiting for the code
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    resumed = motcua(tmp_path, "chat", "--user", "hoa", stdin=f"{code}\n")
    assert "Chào mừng bạn! Bạn đã tham gia Trung tâm xã Kim Bình" in resumed.stdout


def test_demo_staff_issue_an_apology_and_register_a_paper_dossier(tmp_path: Path) -> None:
    intro = motcua(tmp_path, "demo").stdout
    code = intro.split("/xinloi ")[1].split()[0]
    today = intro.split("1.004222 | ")[1].split()[0]
    lines = [":user canbo", f"/xinloi {code}", "2", "1", "1",
             f"/themhoso BN-01 | 1.004222 | {today} | trực tiếp", f"/xinloi {code}"]
    result = motcua(tmp_path, "demo", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"Đã ghi vào sổ: hồ sơ {code} hẹn trả lại" in out
    letter = tmp_path / "files" / f"xin-loi-gia-han-{code}.docx"
    assert f"(tệp đính kèm đã lưu: {letter})" in out and letter.stat().st_size > 0
    assert "Đã ghi vào sổ theo dõi hồ sơ: BN-01 — 1.004222" in out
    assert "đã được hẹn lại ngày trả kết quả một lần" in out  # the second /xinloi
