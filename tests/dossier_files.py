"""Register exports built by the tests, in the three header shapes the importer documents.

One set of dossiers (March 2026, unit "hb") written as:
- `portal_csv`: the national portal's sync field names (MaHoSo, TrangThaiHoSo…), `;`
  between values, status and channel codes, dates `yyyyMMddHHmmss`;
- `thanh_hoa_xlsx`: the Thanh Hóa one-door system's "Danh sách hồ sơ theo dõi" (STT, Đơn vị
  tiếp nhận, Tên thủ tục hành chính, Mã hồ sơ, Trạng thái…) under a title row, status names,
  dates as Excel date cells and as `dd/mm/yyyy hh:mm:ss` text;
- `plain_csv`: the same titles typed without diacritics, `,` between values, dates
  `dd/mm/yyyy` with and without a time.
`EXPECTED` is what the register must hold after any of them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tests.importing_files import write_xlsx

CUTOFF_NAME = "Đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất"


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    proc: str  # catalog code, in the portal file only
    status_code: str
    status_name: str
    received: datetime | None
    due: datetime | None = None
    finished: datetime | None = None
    channel: str = ""  # 1 direct, 2 online, 3 postal
    owner: str = ""
    assignee: str = ""


def at(day: int, hour: int = 0, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute)


ROWS = [
    Row("000.00.53.H48-260302-0001", "Thủ tục đăng ký khai sinh", "1.001193", "4", "Đang xử lý",
        at(2, 9, 15), due=at(3, 17), channel="2", owner="Nguyễn Văn An", assignee="Lê Thị Hoa"),
    # No due date: 3 working days from the next morning (received after the 15:00 cut-off).
    Row("000.00.53.H48-260302-0002", CUTOFF_NAME, "1.011441", "2", "Được tiếp nhận",
        at(2, 15, 30), channel="1", owner="Trần Thị Bình"),
    Row("000.00.53.H48-260303-0007", "Thủ tục đăng ký khai tử", "1.000656", "10",
        "Đã trả kết quả", at(3, 8, 5), due=at(4, 17), finished=at(4, 10), channel="1"),
    Row("000.00.53.H48-260304-0003", "Đăng ký tạm trú", "1.004194", "5",
        "Yêu cầu bổ sung giấy tờ", at(4, 8), due=at(9, 17), channel="2"),
    Row("000.00.53.H48-260305-0011", "Đăng ký thường trú", "1.004222", "3",
        "Không được tiếp nhận", at(5, 10), channel="1"),
    Row("000.00.53.H48-260306-0001", "Đăng ký thường trú", "1.004222", "1", "Mới đăng ký", None,
        channel="2"),  # registered online, not accepted: skipped
    # A code no system standard explains, kept as printed; 7 working days from 06/03 (direct).
    Row("XH-2026/15", "Đăng ký thường trú", "1.004222", "4", "Đang xử lý", at(6, 9, 40),
        channel="1"),
]
# code -> (status, due date as the register must hold it, local time)
EXPECTED = {
    "000.00.53.H48-260302-0001": ("in_progress", at(3, 17)),
    "000.00.53.H48-260302-0002": ("received", at(6, 17)),
    "000.00.53.H48-260303-0007": ("resolved", at(4, 17)),
    "000.00.53.H48-260304-0003": ("supplement", at(9, 17)),
    "000.00.53.H48-260305-0011": ("returned", None),
    "XH-2026/15": ("in_progress", at(17, 17)),
}


def _compact(value: datetime | None) -> str:
    return value.strftime("%Y%m%d%H%M%S") if value else ""


def portal_csv(path: Path, rows: list[Row] = ROWS) -> Path:
    header = ["MaHoSo", "MaTTHC", "TenTTHC", "ChuHoSo", "KenhThucHien", "NgayTiepNhan",
              "NgayHenTra", "NgayKetThucXuLy", "TrangThaiHoSo", "NguoiXuLy"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for r in rows:
            writer.writerow([r.code, r.proc, r.name, r.owner, r.channel, _compact(r.received),
                             _compact(r.due), _compact(r.finished), r.status_code, r.assignee])
    return path


def thanh_hoa_xlsx(path: Path, rows: list[Row] = ROWS) -> Path:
    header = ["STT", "Đơn vị tiếp nhận", "Tên thủ tục hành chính", "Mã hồ sơ", "Trạng thái",
              "Địa chỉ", "Người nộp", "Chủ hồ sơ", "Ngày nộp hồ sơ", "Ngày nhận", "Ngày hẹn trả",
              "Ngày kết thúc xử lý"]
    table: list[list[object]] = [["DANH SÁCH HỒ SƠ THEO DÕI"], [], header]
    for number, r in enumerate(rows, start=1):
        # Excel date cells for receipt, text as the system prints it for the due date.
        due = r.due.strftime("%d/%m/%Y %H:%M:%S") if r.due else None
        table.append([number, "UBND xã Hoà Bình", r.name, r.code, r.status_name, "Thôn 1",
                      r.owner, r.owner, r.received, r.received, due, r.finished])
    return write_xlsx(path, table)


def plain_csv(path: Path, rows: list[Row] = ROWS) -> Path:
    header = ["So bien nhan", "Ma thu tuc", "Ten thu tuc", "Tinh trang", "Ngay tiep nhan",
              "Ngay hen tra", "Kenh thuc hien", "Nguoi xu ly"]
    words = {"1": "Truc tiep", "2": "Truc tuyen", "3": "Buu chinh", "": ""}
    plain = {"4": "Dang xu ly", "2": "Da tiep nhan", "10": "Da tra ket qua",
             "5": "Cho bo sung", "3": "Tu choi", "1": "Moi dang ky"}
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i, r in enumerate(rows):
            shape = "%d/%m/%Y" if i % 3 == 0 else "%d/%m/%Y %H:%M"  # some without a time
            received = r.received.strftime(shape) if r.received else ""
            due = r.due.strftime("%d/%m/%Y") if r.due else ""  # a date alone: end of that day
            writer.writerow([r.code, r.proc if i % 2 else "", r.name, plain[r.status_code],
                             received, due, words[r.channel], r.assignee])
    return path
