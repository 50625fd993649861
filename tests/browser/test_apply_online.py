"""The whole citizen journey on a phone: register, sign in with VNeID, find 1.004222, fill the
form (correcting one answer after the error summary), upload a PDF and reuse a paper from the
repository, check and submit, see the timeline, and look the dossier up publicly.

And a volunteer of the community digital-technology team submits with a citizen's consent,
then can no longer open the dossier.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from playwright.sync_api import FilePayload, Page, expect

from motcua.catalog.models import RequiredDocument
from motcua.documents.models import RepositoryPaper
from motcua.documents.pdf import minimal_pdf
from motcua.dossiers.models import Dossier
from motcua.notifications import channels

from .conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_forms")]
HOA = "019196001122"  # the stand-in provider's identity "Lý Thị Hoa", with no account yet
RENTING = "Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ"


@pytest.fixture
def vneid(settings: Any, live_server: Any, tmp_path: Any) -> None:
    """VNeID log-in through the stand-in provider served by the live server."""
    idp = f"{live_server.url}/dev-idp"
    settings.OIDC_ENABLED = settings.OIDC_STANDIN = True
    settings.OIDC_OP_ISSUER = idp
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{idp}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{idp}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{idp}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{idp}/jwks/"
    settings.OIDC_RP_CLIENT_ID = settings.OIDC_STANDIN_CLIENT_ID = "motcua-test"
    settings.OIDC_RP_CLIENT_SECRET = settings.OIDC_STANDIN_CLIENT_SECRET = "test-secret"
    settings.MEDIA_ROOT = tmp_path / "media"
    name = default_storage.save(
        f"repository/{HOA}/cu-tru.pdf",
        ContentFile(minimal_pdf("Giay xac nhan thong tin ve cu tru", ["So dinh danh: " + HOA])),
    )
    RepositoryPaper.objects.create(
        id_number=HOA,
        title="Giấy xác nhận thông tin về cư trú",
        kind="result",
        issuer="Công an phường Phan Đình Phùng",
        file=name,
        content_type="application/pdf",
        size=default_storage.size(name),
        from_national=True,
    )


def pdf_payload(name: str, content: bytes) -> FilePayload:
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def save(page: Page) -> None:
    page.get_by_role("button", name="Lưu và tiếp tục").click()


def register_and_verify(page: Page, base: str) -> None:
    channels.sent.clear()
    page.goto(base + "/dang-ky/")
    page.get_by_label("Họ và tên").fill("Lý Thị Hoa")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0912000099")
    page.get_by_label("Mật khẩu", exact=True).fill("Thai-Nguyen-2026!")
    page.get_by_label("Nhập lại mật khẩu").fill("Thai-Nguyen-2026!")
    page.get_by_role("button", name="Gửi mã xác thực").click()
    code = re.search(r"\b(\d{6})\b", channels.sent[-1].text)
    assert code is not None
    page.get_by_label("Mã xác thực").fill(code.group(1))
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    # The e-data repository opens to an identity VNeID vouched for: sign in through it once.
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(base + "/dang-nhap/")
    page.get_by_role("link", name=re.compile("VNeID")).click()
    page.get_by_label(re.compile("Lý Thị Hoa")).check()
    page.get_by_role("button", name="Đồng ý").click()
    expect(page.get_by_role("link", name="Hồ sơ của tôi")).to_be_visible()


def fill_the_form(page: Page, name: str) -> None:
    page.get_by_role("link", name="Nơi nộp hồ sơ").click()
    check_accessibility(page)
    screenshot(page, "apply-agency")
    page.get_by_label("Công an Phường Phan Đình Phùng").check()
    save(page)
    screenshot(page, "apply-task-list")
    check_accessibility(page)

    page.get_by_role("link", name="Người đăng ký").click()
    expect(page.get_by_label("Họ, chữ đệm và tên")).to_have_value(name)
    check_accessibility(page)
    save(page)
    page.get_by_label("Số điện thoại").fill("09120")
    save(page)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("phải là số điện thoại 10 chữ số")
    check_accessibility(page)
    screenshot(page, "apply-question-error")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Số điện thoại")).to_be_focused()
    page.get_by_label("Số điện thoại").fill("0912 000 099")
    save(page)

    page.get_by_role("link", name="Chỗ ở đề nghị đăng ký thường trú").click()
    page.get_by_label("Số nhà, đường phố, thôn, tổ").fill("Số 7, tổ 2")
    page.get_by_label("Xã, phường").select_option("05443")
    page.get_by_role("radio", name="Không").check()
    page.get_by_role("radio", name="Thuê, mượn, ở nhờ").check()
    save(page)
    page.get_by_label("Họ và tên chủ hộ").fill("Trần Văn Hòa")
    page.get_by_label("Số định danh cá nhân của chủ hộ").fill("019070004321")
    page.get_by_label("Quan hệ với chủ hộ").fill("người thuê nhà")
    page.get_by_label("Diện tích sàn nhà ở (m²)").fill("45")
    save(page)

    page.get_by_role("link", name="Thành viên hộ gia đình cùng thay đổi").click()
    page.get_by_role("radio", name="Không").check()
    save(page)
    page.get_by_role("link", name="Cam đoan").click()
    page.get_by_role("checkbox").check()
    save(page)


def attach_papers(page: Page) -> None:
    page.get_by_role("link", name="Giấy tờ").click()
    page.get_by_label(RENTING).check()
    page.get_by_role("button", name="Chọn trường hợp này").click()
    check_accessibility(page)
    docs = RequiredDocument.objects.filter(version__procedure__code="1.004222", group=RENTING)
    contract = docs.get(name__startswith="Hợp đồng")
    area = docs.get(name__startswith="Thông tin chứng minh đủ")
    page.locator(f"#file-{contract.pk}").set_input_files(
        files=[
            pdf_payload(
                "hop-dong-thue-nha.pdf",
                minimal_pdf("Hop dong thue nha", ["Ben cho thue: Tran Van Hoa"]),
            )
        ]
    )
    paper = RepositoryPaper.objects.get(id_number=HOA)
    page.locator(f"#reuse-{area.pk}").select_option(str(paper.pk))
    page.get_by_role("button", name="Đính kèm các tệp đã chọn").click()
    expect(page.get_by_text("hop-dong-thue-nha.pdf")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "apply-papers")
    page.get_by_role("link", name="Xong phần giấy tờ: quay lại danh sách việc cần làm").click()


def test_a_citizen_applies_online_from_registration_to_public_lookup(
    live_server: Any, page: Page, vneid: None
) -> None:
    base = live_server.url
    register_and_verify(page, base)

    page.get_by_role("link", name="Thủ tục hành chính", exact=True).click()
    page.get_by_label("Tên hoặc mã thủ tục").fill("đăng ký thường trú")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_role("link", name="Đăng ký thường trú", exact=True).click()
    check_accessibility(page)
    page.get_by_role("button", name="Bắt đầu nộp trực tuyến").click()

    fill_the_form(page, "Lý Thị Hoa")
    attach_papers(page)

    page.get_by_role("link", name="Kiểm tra và nộp hồ sơ").click()
    expect(page.get_by_text("Trần Văn Hòa")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "apply-check")
    page.get_by_role("button", name="Nộp hồ sơ").click()

    dossier = Dossier.objects.get()
    expect(page.get_by_role("status")).to_contain_text(dossier.reference)
    expect(page.get_by_text("Bạn đã nộp hồ sơ trực tuyến").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "apply-submitted")
    assert [p.reused for p in dossier.papers.order_by("id")] == [False, True]

    page.get_by_role("link", name="Tra cứu hồ sơ").click()
    page.get_by_label("Mã số hồ sơ hoặc mã tra cứu").fill(dossier.reference)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("heading", name="Đăng ký thường trú")).to_be_visible()
    expect(page.get_by_text("Lý Thị Hoa")).to_have_count(0)
    check_accessibility(page)


def test_a_volunteer_submits_with_consent_then_loses_access(
    live_server: Any, page: Page, volunteer_bao: Any, citizen_an: Any, django_user_model: Any
) -> None:
    from motcua.documents.repository import seed_demo_repository

    seed_demo_repository()
    base = live_server.url
    channels.sent.clear()
    page.goto(base + "/dang-nhap/")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0912000002")
    page.get_by_label("Mật khẩu").fill("motcua-demo-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Hỗ trợ người dân").click()
    check_accessibility(page)
    page.get_by_label("Số điện thoại hoặc thư điện tử của người dân").fill("0912000001")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("button", name="Gửi mã").click()
    code = re.search(r"\b(\d{6})\b", channels.sent[-1].text)
    assert code is not None
    page.get_by_label(re.compile("Mã người dân nhận được")).fill(code.group(1))
    check_accessibility(page)
    screenshot(page, "assist-consent")
    page.get_by_role("button", name="Xác nhận đồng ý").click()
    expect(page.get_by_role("status")).to_contain_text("đã đồng ý")
    page.get_by_label("Bắt đầu một hồ sơ cho người dân này").select_option("1.004222")
    page.get_by_role("button", name="Bắt đầu").click()

    fill_the_form(page, "Nguyễn Văn An")
    page.get_by_role("link", name="Giấy tờ").click()
    page.get_by_label(RENTING).check()
    page.get_by_role("button", name="Chọn trường hợp này").click()
    docs = RequiredDocument.objects.filter(version__procedure__code="1.004222", group=RENTING)
    for document in docs.filter(mandatory=True):
        page.locator(f"#file-{document.pk}").set_input_files(
            files=[pdf_payload(f"giay-to-{document.pk}.pdf", minimal_pdf("Giay to", ["Ban chup"]))]
        )
    page.get_by_role("button", name="Đính kèm các tệp đã chọn").click()
    draft_url = page.url.replace("giay-to/", "")
    page.get_by_role("link", name="Xong phần giấy tờ: quay lại danh sách việc cần làm").click()
    page.get_by_role("link", name="Kiểm tra và nộp hồ sơ").click()
    page.get_by_role("button", name="Nộp hồ sơ").click()

    dossier = Dossier.objects.get()
    assert (dossier.applicant, dossier.helped_by) == (citizen_an, volunteer_bao)
    expect(page.get_by_role("status")).to_contain_text(dossier.reference)
    expect(page.get_by_text("1 hồ sơ đã nộp với sự hỗ trợ của bạn")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "assist-home")
    for url in (draft_url, f"{base}/api/v1/dossiers/{dossier.reference}"):
        response = page.goto(url)
        assert response is not None
        assert response.status == 404
