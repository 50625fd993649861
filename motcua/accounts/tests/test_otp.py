import datetime as dt

from motcua.accounts.otp import Challenge, new_challenge, verify

NOW = dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC)


def test_the_right_code_passes_within_10_minutes():
    challenge, code = new_challenge("0912000001", NOW)
    assert len(code) == 6
    assert verify(challenge, code, NOW + dt.timedelta(minutes=9))[0]


def test_the_code_is_never_stored():
    challenge, code = new_challenge("0912000001", NOW)
    assert code not in str(challenge.to_dict())
    assert Challenge.from_dict(challenge.to_dict()) == challenge


def test_a_wrong_code_costs_an_attempt_and_says_how_many_are_left():
    challenge, code = new_challenge("0912000001", NOW)
    wrong = "000000" if code != "000000" else "111111"
    passed, challenge, reason = verify(challenge, wrong, NOW)
    assert not passed
    assert reason == "Mã xác thực không đúng. Bạn còn 4 lần thử."
    assert challenge.attempts_left == 4


def test_after_5_wrong_codes_even_the_right_one_fails():
    challenge, code = new_challenge("0912000001", NOW)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        _passed, challenge, _reason = verify(challenge, wrong, NOW)
    passed, _challenge, reason = verify(challenge, code, NOW)
    assert not passed
    assert "quá nhiều lần" in reason


def test_an_expired_code_fails_with_a_way_out():
    challenge, code = new_challenge("0912000001", NOW)
    passed, _challenge, reason = verify(challenge, code, NOW + dt.timedelta(minutes=10))
    assert not passed
    assert "hết hạn" in reason


def test_spaces_in_the_typed_code_are_ignored():
    challenge, code = new_challenge("0912000001", NOW)
    assert verify(challenge, f"{code[:3]} {code[3:]}", NOW)[0]
