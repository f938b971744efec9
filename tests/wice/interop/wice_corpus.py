"""A fixed-seed corpus of wice-candidates tokens for independent verifiers, with Python's verdicts.

500 valid tokens (credentials, candidates of every type, end-of-candidates) and 500 mutated ones:
half with a character of the token text replaced, half whose header or payload was changed and
then signed again (so the signature verifies and the verifier's header, JSON and schema rules are
what decides). Each line for a verifier is ``OWN<TAB>NOW_MS<TAB>TRUSTED,...<TAB>TOKEN``; the
verdict is whether :meth:`wice_candidates.Receiver.receive` (fresh state) accepts the token.
"""

from __future__ import annotations

import base64
import json
import random
import string
import subprocess
from dataclasses import dataclass

from wice_candidates import Candidate, Credentials, EndOfCandidates, Receiver, Sender, WiceError
from wice_candidates.message import Body
from xeddsa import PrivateKey

NOW_MS = 1_767_225_600_000  # a multiple of 1000: the clock below is exact
VALID = 500
MUTATED = 500


@dataclass(frozen=True)
class Case:
    line: str
    accept: bool
    kind: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _body(rng: random.Random) -> Body:
    choice = rng.randrange(10)
    letters = string.ascii_letters + string.digits + "+/"
    if choice == 0:
        return Credentials(
            "".join(rng.choice(letters) for _ in range(rng.randint(4, 40))),
            "".join(rng.choice(letters) for _ in range(rng.randint(22, 64))),
            rng.random() < 0.5,
        )
    if choice == 1:
        return EndOfCandidates()
    v6 = rng.random() < 0.3
    octets = (rng.randrange(1, 224), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
    address = f"2001:db8::{rng.randrange(1, 0xFFFF):x}" if v6 else ".".join(map(str, octets))
    ctype = rng.choice(["host", "host", "srflx", "prflx", "relay"])
    tcp = rng.random() < 0.25
    fields: dict[str, object] = {
        "type": ctype,
        "network_type": ("tcp" if tcp else "udp") + ("6" if v6 else "4"),
        "foundation": "".join(rng.choice(letters) for _ in range(rng.randint(1, 32))),
        "component": rng.randint(1, 256),
        "priority": rng.randint(1, 2**31 - 1),
        "address": address,
        "port": rng.randint(0, 65535),
    }
    if tcp and (ctype == "host" or rng.random() < 0.5):
        fields["tcp_type"] = rng.choice(["active", "passive", "so"])
    if ctype != "host":
        fields["related_address"] = {"address": f"10.0.0.{rng.randint(1, 254)}", "port": 9}
    if ctype == "relay" and rng.random() < 0.5:
        fields["relay_protocol"] = rng.choice(["udp", "tcp", "tls", "dtls"])
    return Candidate.from_json(fields)


_VALUES: list[object] = [0, -1, 2**53, 2**53 - 1, 1.5, True, False, None, "x", [], {}, "", "1"]


def _mutate_obj(rng: random.Random, obj: dict[str, object], others: list[str]) -> dict[str, object]:
    obj = json.loads(json.dumps(obj))
    target: dict[str, object] = obj
    inner = [k for k in ("candidate", "credentials") if k in obj]
    if inner and rng.random() < 0.5:
        target = obj[inner[0]]  # type: ignore[assignment]
    keys = list(target)
    action = rng.randrange(7)
    key = rng.choice(keys)
    if action == 0:
        target[key] = rng.choice(_VALUES)
    elif action == 1:
        del target[key]
    elif action == 2:
        target[rng.choice(["extra", "crit", "Proto", "candidate", "end_of_candidates"])] = True
    elif action == 3:
        target[key] = rng.choice(
            ["010.0.0.1", "2001:DB8::1", "::ffff:1.2.3.4", "::1.2.3.4", "fe80::1%eth0",
             "0a6b6d2f-6c35-4c51-9a3b-2c86d8e3f1a7.local", "udp6", "tcp4", "relay", "srflx",
             "so", "dtls", "wice-candidates", others[0], others[1], "10.0.0.1"]
        )  # fmt: skip
    elif action == 4 and key in ("ts", "session", "seq", "port", "priority", "component"):
        value = target[key]
        target[key] = (value if isinstance(value, int) else 0) + rng.choice([-200_000, 1, 200_000])
    elif action == 5:
        target[key] = [[[[target[key]]]]]
    else:
        target[key] = {"nested": target[key]}
    return obj


def build(seed: int = 20261207) -> list[Case]:
    rng = random.Random(seed)
    alice, bob, carol = (PrivateKey.from_private_bytes(bytes([i]) * 32) for i in (1, 2, 3))
    own, trusted = bob.public_key(), [alice.public_key(), carol.public_key()]
    texts = [k.to_wireguard() for k in (own, *trusted)]
    prefix = f"{texts[0]}\t{NOW_MS}\t{texts[1]},{texts[2]}\t"

    def verdict(token: str) -> bool:
        receiver = Receiver(own, trusted, clock=lambda: NOW_MS / 1000)
        try:
            receiver.receive(token)
        except WiceError:
            return False
        return True

    cases: list[Case] = []
    valid_tokens: list[str] = []
    for i in range(VALID):
        signer = alice if i % 3 else carol
        sender = Sender(signer, own, clock=lambda: NOW_MS / 1000 + rng.randint(-100, 100))
        token = sender.sign(_body(rng))
        valid_tokens.append(token)
        cases.append(Case(prefix + token, verdict(token), "valid"))
    alphabet = string.ascii_letters + string.digits + "-_.=+/ "
    for i in range(MUTATED):
        base = rng.choice(valid_tokens)
        if i % 2 == 0:
            pos = rng.randrange(len(base))
            token = base[:pos] + rng.choice(alphabet.replace(base[pos], "")) + base[pos + 1 :]
            kind = "text"
        else:
            header_b64, payload_b64, _ = base.split(".")
            header = json.loads(base64.urlsafe_b64decode(header_b64 + "=="))
            payload = json.loads(base64.urlsafe_b64decode(payload_b64 + "=="))
            signer = alice if header["kid"] == alice.public_key().to_wireguard() else carol
            if rng.random() < 0.2:
                header = _mutate_obj(rng, header, texts)
                raw_payload = json.dumps(payload, separators=(",", ":")).encode()
            else:
                raw_payload = json.dumps(_mutate_obj(rng, payload, texts)).encode()
            if rng.random() < 0.1:
                raw_payload = raw_payload.replace(b"{", b'{"seq":1,', 1)  # duplicate member
            raw_header = json.dumps(header).encode()
            signing_input = f"{_b64(raw_header)}.{_b64(raw_payload)}"
            token = f"{signing_input}.{_b64(signer.sign(signing_input.encode()))}"
            kind = "resigned"
        cases.append(Case(prefix + token, verdict(token), kind))
    return cases


def disagreements(argv: list[str], cases: list[Case]) -> list[tuple[str, str, str]]:
    """Feed the lines of ``cases`` to the verifier ``argv`` (one verdict line each, "accept" or
    not) and return (kind, verdict, token start) for every case where it disagrees with Python."""
    result = subprocess.run(
        argv, input="\n".join(c.line for c in cases) + "\n",
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    verdicts = result.stdout.splitlines()
    assert len(verdicts) == len(cases)
    return [
        (case.kind, verdict, case.line.split("\t")[3][:80])
        for case, verdict in zip(cases, verdicts, strict=True)
        if (verdict == "accept") != case.accept
    ]
