"""Questions about the center itself (hello, hours, phone, address and map, getting a number
or booking ahead), told from a procedure search by their words. Pure: folded text in, an
intent out.

Only short messages count as a greeting or thanks, so "chào, cho hỏi làm khai sinh" still
searches; hours, phone and address need words that name them, so "đóng cửa hàng" (closing
a business) is not mistaken for opening hours.
"""

from __future__ import annotations

from enum import StrEnum

from bot.core.search.folding import fold


class CenterIntent(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    HOURS = "hours"
    PHONE = "phone"
    ADDRESS = "address"
    QUEUE = "queue"  # how to get a number or book a time ahead


GREETINGS = ("chao", "xin chao", "hello", "hi", "alo", "hey", "chao ban", "good morning")
THANKS = ("cam on", "camon", "thank", "thanks", "tks", "thank you", "cam ta")
# Polite words around a greeting or a thanks: "chào em ạ", "cảm ơn nhiều nhé".
COURTESY = frozenset([
    "a", "ad", "admin", "ban", "bot", "em", "anh", "chi", "nhe", "nha", "nhieu", "lam", "rat",
    "trung", "tam", "oi", "ah", "u", "vang", "da", "ok", "minh", "chau", "co", "chu", "bac",
])
HOURS = ("may gio", "gio mo cua", "mo cua", "gio lam viec", "lich lam viec",
         "thoi gian lam viec", "lam viec thu bay", "lam viec thu 7", "lam viec chu nhat",
         "gio hanh chinh",
         "co lam viec", "lam viec vao", "nghi trua", "gio dong cua")
PHONE = ("so dien thoai", "dien thoai", "sdt", "so dt", "hotline", "goi dien", "goi cho",
         "lien he", "lien lac")
ADDRESS = ("dia chi", "ban do", "duong nao", "o duong", "vi tri", "tru so", "den trung tam",
           "trung tam o dau", "trung tam nam o dau", "uy ban o dau", "ubnd o dau",
           "mot cua o dau", "nop ho so o dau", "nam o dau")
QUEUE = ("lay so", "boc so", "so thu tu", "lay so thu tu", "dat lich", "dat hen", "hen truoc",
         "dat truoc", "xep hang", "cho den luot")
MAX_SMALL_TALK_WORDS = 6
# A longer message must name the center to be about it; one that changes something
# ("thay đổi số điện thoại" in the residence data) is a procedure question.
MAX_SHORT_QUESTION_WORDS = 8
CENTER = ("trung tam", "uy ban", "ubnd", "mot cua", "bo phan", "xa", "phuong", "hanh chinh cong")
CHANGES = ("thay doi", "cap nhat", "dieu chinh", "sua", "bo sung", "dang ky")


def _has(padded: str, phrases: tuple[str, ...]) -> bool:
    return any(f" {phrase} " in padded for phrase in phrases)


def _only(words: list[str], phrases: tuple[str, ...]) -> bool:
    """The message is one of `phrases` with nothing around it but courtesy words."""
    text = " ".join(words)
    for phrase in sorted(phrases, key=len, reverse=True):
        if f" {phrase} " in f" {text} ":
            rest = f" {text} ".replace(f" {phrase} ", " ", 1).split()
            return all(word in COURTESY for word in rest)
    return False


def center_intent(text: str) -> CenterIntent | None:
    """What a message asks about the center, or None (then it is a procedure question)."""
    words = fold(text).split()
    if not words:
        return None
    padded = f" {' '.join(words)} "
    if len(words) <= MAX_SMALL_TALK_WORDS:
        if _only(words, THANKS):
            return CenterIntent.THANKS
        if _only(words, GREETINGS):
            return CenterIntent.GREETING
    if _has(padded, CHANGES) or (
            len(words) > MAX_SHORT_QUESTION_WORDS and not _has(padded, CENTER)):
        return None
    if _has(padded, QUEUE):
        return CenterIntent.QUEUE
    if _has(padded, PHONE):
        return CenterIntent.PHONE
    if _has(padded, HOURS):
        return CenterIntent.HOURS
    if _has(padded, ADDRESS):
        return CenterIntent.ADDRESS
    return None
