"""ICE credentials: RFC 8839 §5.4 lengths and characters, generation, redacted repr."""

from __future__ import annotations

import pytest

from wice_candidates import Credentials, MalformedCredentialsError


@pytest.mark.parametrize(
    ("ufrag", "pwd", "need"),
    [
        ("abc", "a" * 22, False),  # ufrag too short
        ("a" * 257, "a" * 22, False),
        ("abcd", "a" * 21, False),  # pwd too short
        ("abcd", "a" * 257, False),
        ("ab-d", "a" * 22, False),  # not ice-char
        ("abcd", "a" * 21 + "=", False),
        ("abcd", "a" * 21 + "é", False),
        ("abc\n", "a" * 22, False),
        ("abcd", "a" * 22, 1),
        ("abcd", "a" * 22, None),
        (None, "a" * 22, False),
    ],
)
def test_invalid_credentials(ufrag: object, pwd: object, need: object) -> None:
    with pytest.raises(MalformedCredentialsError):
        Credentials(ufrag, pwd, need)  # type: ignore[arg-type]


def test_edges_and_generation() -> None:
    Credentials("a+/4", "Z" * 22)
    Credentials("a" * 256, "b" * 256, True)
    generated = {Credentials.generate() for _ in range(20)}
    assert len(generated) == 20
    for creds in generated:
        assert len(creds.ufrag) == 16 and len(creds.pwd) == 32
        assert creds.ufrag.isalpha() and creds.pwd.isalpha()
    assert Credentials.generate(need_creds=True).need_creds is True


def test_repr_hides_the_password() -> None:
    creds = Credentials("abcd", "secretsecretsecretsecret")
    assert "secret" not in repr(creds)
    assert "abcd" in repr(creds)
