"""Forms 01–06 of one dossier: page size from the data table, Vietnamese text, QR, applicability."""

from __future__ import annotations

import pytest
from django.utils import translation

from motcua.printouts.forms import render, render_html
from motcua.printouts.pdf import NotApplicable

from .helpers import SIZES, flat_text, page_size

pytestmark = pytest.mark.usefixtures("demo_catalog")


def test_the_receipt_is_an_a5_page_with_the_code_papers_and_vietnamese_title(received):
    pdf = render(received, "01")

    assert pdf.startswith(b"%PDF")
    assert page_size(pdf) == SIZES["A5"]
    text = flat_text(pdf)
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".upper() in text  # the title, diacritics kept
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "000.01.31.H19-260302-0001" in text
    assert "Nguyễn Văn An" in text
    assert "1.004222" in text
    assert "Tờ khai đăng ký khai sinh" in text
    assert "Giấy chứng sinh (bản chính)" in text
    assert "Lệ phí đăng ký hộ tịch" in text
    assert "8000" in text
    assert "18/03/2026" not in text
    assert "11/03/2026" in text


def test_the_qr_code_opens_the_public_lookup_of_the_code(received, settings):
    settings.SITE_URL = "https://dichvucong.example.gov.vn"
    html = render_html(received, "01")
    assert "https://dichvucong.example.gov.vn/tra-cuu/?ma=000.01.31.H19-260302-0001" in html
    assert 'src="data:image/png;base64,' in html

    other = render_html(received, "01", base_url="http://localhost:8000")
    assert "http://localhost:8000/tra-cuu/?ma=000.01.31.H19-260302-0001" in other


def test_the_supplement_request_before_receipt_lists_every_item_and_the_reference(asked_for_papers):
    pdf = render(asked_for_papers, "02")

    assert page_size(pdf) == SIZES["A5"]
    text = flat_text(pdf)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert asked_for_papers.reference in text  # no code before receipt
    assert "Bản sao Giấy chứng nhận kết hôn của cha mẹ" in text
    assert "Giấy chứng sinh bản chính" in text
    assert f"?ma={asked_for_papers.reference}" in render_html(asked_for_papers, "02")


def test_the_refusal_at_intake_states_its_reason(refused):
    text = flat_text(render(refused, "03"))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "không thuộc thẩm quyền giải quyết" in text


def test_the_apology_gives_the_old_and_the_new_due_date(returned):
    pdf = render(returned, "04")

    assert page_size(pdf) == SIZES["A5"]
    text = flat_text(pdf)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "17:00, 11/03/2026" in text
    assert "17:00, 20/03/2026" in text
    assert "Cần xác minh thông tin tại nơi cư trú" in text


def test_the_stop_notice_is_a4_until_the_2025_annex_is_confirmed(stopped):
    pdf = render(stopped, "05")

    assert page_size(pdf) == SIZES["A4"]
    assert "Người nộp hồ sơ đề nghị rút hồ sơ" in flat_text(pdf)


def test_the_control_sheet_lists_each_hand_over_and_its_timeliness(returned):
    with translation.override("en"):
        pdf = render(returned, "06")

    assert page_size(pdf) == SIZES["A5"]
    text = flat_text(pdf)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Trung tâm" in text or "Bộ phận" in text  # the receiving unit's name
    assert "Phan Đình Phùng" in text
    assert "Trần Thị Bình" in text or "Bình" in text  # the assignee of the handling step
    assert text.count("Late") >= 2  # the consultation answered after 5/3, the handling step
    assert "Early" in text  # decided on 16/3, four days before the new due date


@pytest.mark.parametrize(
    ("fixture", "number", "words"),
    [
        ("received", "02", "yêu cầu bổ sung"),
        ("received", "03", "từ chối tiếp nhận"),
        ("received", "04", "gia hạn"),
        ("received", "05", "dừng giải quyết"),
        ("asked_for_papers", "01", "chưa được tiếp nhận"),
        ("asked_for_papers", "06", "chưa được tiếp nhận"),
    ],
)
def test_a_form_the_history_does_not_call_for_is_not_applicable(request, fixture, number, words):
    dossier = request.getfixturevalue(fixture)
    with pytest.raises(NotApplicable, match=words):
        render(dossier, number)


def test_an_unknown_form_number_is_not_applicable(received):
    with pytest.raises(NotApplicable, match="Không có mẫu số 99"):
        render(received, "99")
    with pytest.raises(NotApplicable, match="sổ theo dõi"):
        render(received, "07")
