"""The applicant hears of each receipt and submission, in-app and by SMS, exactly once."""

import pytest

from motcua.dossiers.tests.factories import online, walk_in
from motcua.notifications import channels
from motcua.notifications.models import InAppMessage

pytestmark = pytest.mark.usefixtures("demo_catalog")


def test_a_walk_in_applicant_gets_the_code_and_due_date_by_sms(
    counter_cuong, citizen_an, committed
):
    with committed():
        dossier = walk_in(counter_cuong, citizen_an, when="2026-03-07 10:00")

    # The receipt's SMS (the fees asked at receipt have their own message).
    sms = [m for m in channels.sent if m.to == "0912000001" and "được tiếp nhận" in m.text]
    assert len(sms) == 1
    assert str(dossier.code) in sms[0].text
    assert "18/03/2026" in sms[0].text
    receipts = InAppMessage.objects.filter(user=citizen_an, subject__startswith="Đã tiếp nhận")
    assert receipts.count() == 1


def test_an_online_submission_is_confirmed(citizen_an, committed):
    with committed():
        dossier = online(citizen_an)

    assert any(dossier.reference in m.text and "nộp trực tuyến" in m.text for m in channels.sent)
