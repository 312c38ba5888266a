from bot.core.labels import distinct_labels, shorten

LAND = "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất lần đầu"


def test_short_names_are_kept_and_long_ones_cut_at_a_word() -> None:
    assert shorten("Thủ tục đăng ký khai sinh") == "Thủ tục đăng ký khai sinh"
    cut = shorten(LAND + " đối với tổ chức")
    assert len(cut) <= 60 and cut.endswith("…") and LAND.startswith(cut[:-1])


def test_names_with_the_same_start_stay_distinct() -> None:
    names = [LAND + " đối với hộ gia đình, cá nhân", LAND + " đối với tổ chức", "Khai sinh"]
    labels = distinct_labels(names)
    assert len(set(labels)) == 3
    assert labels[0].endswith("hộ gia đình, cá nhân") and labels[1].endswith("đối với tổ chức")
    assert all(len(label) <= 60 for label in labels) and labels[2] == "Khai sinh"
