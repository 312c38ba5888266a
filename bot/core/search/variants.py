"""Special variants of a procedure, shown first only when the question asks for them."""

from __future__ import annotations

# Special variants are shown only when the query asks for them: (phrase in the name,
# query words that ask for it). Each unrequested one costs a share of the score.
VARIANTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("yeu to nuoc ngoai", ("nuoc ngoai", "yeu to", "ngoai quoc")),
    ("nguoi nuoc ngoai", ("nuoc ngoai", "ngoai quoc")),
    ("ghi vao so", ("ghi vao so",)),
    ("khu vuc bien gioi", ("bien gioi",)),
    ("luu dong", ("luu dong",)),
    ("ket hop", ("ket hop",)),
    ("dang ky lai", ("lai",)),
    ("cap lai", ("lai",)),
    ("cap doi", ("doi",)),
    ("da co ho so giay to ca nhan", ("ho so giay to", "giay to ca nhan", "da co ho so",
                                     "da co giay to", "lon tuoi", "nguoi lon")),
    ("tai cap huyen", ("huyen",)),
    ("tai cap trung uong", ("trung uong",)),
    ("lien thong", ("lien thong",)),
    ("ban sao", ("ban sao", "sao", "trich luc")),
    ("xac nhan", ("xac nhan",)),
    ("thay doi", ("thay doi", "sua", "doi")),
    ("dung thuc hien", ("dung",)),
    ("giam sat viec giam ho", ("giam sat",)),
    ("cap nhat", ("cap nhat", "bo sung")),
    # Citizens write for themselves; the organisation variant must be asked for.
    ("doi voi to chuc", ("to chuc", "cong ty", "doanh nghiep")),
    ("cho co quan to chuc", ("co quan", "to chuc", "cong ty", "doanh nghiep")),
    # Changes to an existing paper come after getting it: "cấp giấy phép" before "gia hạn".
    ("dieu chinh", ("dieu chinh", "sua", "thay doi")),
    ("gia han", ("gia han", "het han")),
    ("thu hoi", ("thu hoi",)),
    ("xoa dang ky", ("xoa", "cat")),
    ("cham dut", ("cham dut", "giai the", "dong cua", "nghi", "dung")),
    # The first time is the common case: a child's card and a relapse must be asked for.
    ("duoi 14 tuoi", ("duoi 14", "tre", "be", "con", "chau", "hoc sinh", "tre em")),
    ("tai phat", ("tai phat",)),
    ("dsphsk", ("duong suc", "phuc hoi suc khoe", "dsphsk", "nghi duong")),
    ("nay tiep tuc", ("tiep tuc", "lan nua", "lan 2", "lan thu hai")),
)
VARIANT_PENALTY = 0.8
