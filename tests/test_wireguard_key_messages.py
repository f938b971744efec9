"""WireGuard key text errors say what is wrong without echoing the text.

Before the fix, 44 characters without the final '=' (``"A" * 44``) were reported as "must be 44
characters ... got 44 characters".
"""

from __future__ import annotations

import pytest

import xeddsa


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A" * 44, "must end with one '='"),
        ("A" * 42 + "==", "must end with one '='"),
        ("A" * 43 + "-", "must end with one '='"),
        ("A" * 20 + "-" + "A" * 22 + "=", "character 21 is not standard base64"),
        ("A" * 20 + "_" + "A" * 22 + "=", "character 21 is not standard base64"),
        ("A" * 43, "got 43 characters"),
        ("A" * 88, "got 88 characters"),
    ],
)
@pytest.mark.parametrize(
    "load", [xeddsa.PrivateKey.from_wireguard, xeddsa.PublicKey.from_wireguard]
)
def test_message_names_the_actual_problem(text: str, expected: str, load: object) -> None:
    with pytest.raises(xeddsa.InvalidKey) as info:
        load(text)  # type: ignore[operator]
    message = str(info.value)
    assert expected in message
    if len(text) == 44:
        assert "got 44" not in message
    assert "AAAAAAAA" not in message
