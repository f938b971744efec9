"""Write the seed corpora ``fuzz/corpus/<target>/`` (deterministic; committed to the repository).

Usage from the repository root: ``.venv/bin/python fuzz/make_corpus.py [--check]``.

Seeds are small: valid signatures, tokens, keys and lines made with fixed keys and fixed Z (via
:mod:`xeddsa.hazmat`, so the files are byte-identical on every run) plus edge cases: u >= p, twist
and small-order u, s + q, non-canonical encodings, duplicate JSON members, deep nesting, bad
base64url. ``--check`` exits 1 if the committed corpus differs from a fresh generation.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Final

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fuzz.targets import FIXED_TS_MS, fixtures
from wice_candidates import Candidate, Credentials, EndOfCandidates, Message
from wice_candidates.message import _header_bytes
from xeddsa import hazmat
from xeddsa._params import P, Q

CORPUS: Final = Path(__file__).resolve().parent / "corpus"
Z: Final = hashlib.sha512(b"xeddsa fuzz Z").digest()


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def le(value: int) -> bytes:
    return value.to_bytes(32, "little")


def special_u() -> dict[str, bytes]:
    fx = fixtures()
    return {
        "valid": fx.public.public_bytes(),
        "zero": le(0),
        "one": le(1),
        "p_minus_1": le(P - 1),
        "p": le(P),
        "p_plus_9": le(P + 9),
        "top_bit": le(9 + 2**255),
        "all_ff": b"\xff" * 32,
        "twist_2": le(2),
        "order8": le(325606250916557431795983626356110631294008115727848805560023387167927233504),
    }


def build() -> dict[str, dict[str, bytes]]:
    fx = fixtures()
    k = fx.signer.private_bytes()
    u = fx.public.public_bytes()
    out: dict[str, dict[str, bytes]] = {}

    out["public_key"] = {name: value for name, value in special_u().items()}
    out["public_key"]["wireguard_text"] = fx.public.to_wireguard().encode()
    out["public_key"]["short"] = u[:31]

    message = b"fuzz message"
    sig = hazmat.xeddsa_sign(k, message, Z)
    s_plus_q = sig[:32] + le(int.from_bytes(sig[32:], "little") + Q)
    legacy = sig[:63] + bytes([sig[63] | 0x80])
    xv = {
        "valid_strict": b"\x00" + u + sig + message,
        "valid_spec": b"\x01" + u + sig + message,
        "valid_libsignal": b"\x02" + u + sig + message,
        "s_plus_q_spec": b"\x01" + u + s_plus_q + message,
        "legacy_bit": b"\x02" + u + legacy + message,
        "identity_R": b"\x01" + u + le(1) + bytes(32) + message,
        "empty": b"",
    }
    for name, value in special_u().items():
        xv[f"u_{name}"] = b"\x01" + value + sig + message
    out["xeddsa_verify"] = xv

    vsig, _ = hazmat.vxeddsa_sign(k, message, Z)
    v_plus_q = vsig[:64] + le(int.from_bytes(vsig[64:], "little") + Q)
    out["vxeddsa_verify"] = {
        "valid_strict": b"\x00" + u + vsig + message,
        "valid_spec": b"\x01" + u + vsig + message,
        "s_plus_q_spec": b"\x01" + u + v_plus_q + message,
        "h_plus_q": b"\x01"
        + u
        + vsig[:32]
        + le(int.from_bytes(vsig[32:64], "little") + Q)
        + vsig[64:]
        + message,
        "V_identity": b"\x00" + u + le(1) + vsig[32:] + message,
    }

    def compact(alg: str, payload: bytes, header: str | None = None) -> str:
        protected = b64u((header or json.dumps({"alg": alg}, separators=(",", ":"))).encode())
        signing_input = f"{protected}.{b64u(payload)}".encode()
        if alg == "VXEd25519":
            signature, _ = hazmat.vxeddsa_sign(k, signing_input, Z)
        else:
            signature = hazmat.xeddsa_sign(k, signing_input, Z)
        return f"{signing_input.decode()}.{b64u(signature)}"

    #: Tokens on which joserfc 1.8.0 raises TypeError/ValueError (fuzz/crashes/README.md);
    #: ``header_list`` is the literal token first reported, the others are validly signed.
    upstream_tokens = {
        "header_list": "WyJhbGciXQ.e30.AAAA",
        **{
            name: compact("VXEd25519", b"hello", header)
            for name, header in (
                ("crit_int", '{"alg":"VXEd25519","crit":5}'),
                ("crit_int_list", '{"alg":"VXEd25519","crit":[5]}'),
                ("crit_1264", '{"alg":"VXEd25519","crit":[1264]}'),
                ("crit_1264_b64", '{"alg":"VXEd25519","crit":[1264],"b64":false}'),
                ("crit_1264_and_b64", '{"alg":"VXEd25519","crit":[1264,"b64"],"b64":false}'),
            )
        },
    }
    x_token = compact("XEd25519", b"hello")
    v_token = compact("VXEd25519", b"hello")
    out["jws_compact"] = {
        "xed25519": x_token.encode(),
        "vxed25519": v_token.encode(),
        "vxed25519_kid": compact("VXEd25519", b"{}", '{"alg":"VXEd25519","kid":"k"}').encode(),
        "padded": (v_token + "==").encode(),
        "dup_alg": compact("VXEd25519", b"x", '{"alg":"VXEd25519","alg":"XEd25519"}').encode(),
        "nan": compact("VXEd25519", b"x", '{"alg":"VXEd25519","x":NaN}').encode(),
        "crit": compact(
            "VXEd25519", b"x", '{"alg":"VXEd25519","crit":["b64"],"b64":false}'
        ).encode(),
        "alg_none": (b64u(b'{"alg":"none"}') + "." + b64u(b"x") + ".").encode(),
        "two_segments": v_token.rsplit(".", 1)[0].encode(),
        # Regression inputs: joserfc lets a builtin exception escape (fuzz/crashes/README.md).
        **{f"regress_{name}": token.encode() for name, token in upstream_tokens.items()},
    }

    def flattened(token: str) -> bytes:
        protected, payload, signature = token.split(".")
        return json.dumps(
            {"payload": payload, "protected": protected, "signature": signature}
        ).encode()

    def general(token: str) -> bytes:
        protected, payload, signature = token.split(".")
        return json.dumps(
            {"payload": payload, "signatures": [{"protected": protected, "signature": signature}]}
        ).encode()

    out["jws_json"] = {
        "flattened_v": flattened(v_token),
        "general_v": general(v_token),
        "flattened_x": flattened(x_token),
        "general_x": general(x_token),
        "bad_signature_member": json.dumps(
            {"payload": "eA", "protected": v_token.split(".")[0], "signature": "@@"}
        ).encode(),
        "deep": b"[" * 2000,
        "big_int": b'{"payload": 1' + b"0" * 5000 + b"}",
        **{f"regress_{name}": flattened(token) for name, token in upstream_tokens.items()},
    }

    x = b64u(u)
    d = b64u(k)
    out["jwk"] = {
        "public": json.dumps({"kty": "OKP", "crv": "X25519", "x": x}).encode(),
        "private": json.dumps({"kty": "OKP", "crv": "X25519", "x": x, "d": d}).encode(),
        "use_enc": json.dumps({"kty": "OKP", "crv": "X25519", "x": x, "use": "enc"}).encode(),
        "key_ops": json.dumps(
            {"kty": "OKP", "crv": "X25519", "x": x, "key_ops": ["verify"], "alg": "XEd25519"}
        ).encode(),
        "ed25519": json.dumps({"kty": "OKP", "crv": "Ed25519", "x": x}).encode(),
        "x_padded": json.dumps({"kty": "OKP", "crv": "X25519", "x": x + "="}).encode(),
        "dup": b'{"kty":"OKP","crv":"X25519","x":"' + x.encode() + b'","x":"AA"}',
    }

    lines = {
        "host": "candidate:1 1 udp 2130706431 203.0.113.141 8998 typ host",
        "srflx": "a=candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr "
        "203.0.113.141 rport 8998",
        "tcp": "candidate:1 1 TCP 2128609279 10.0.1.1 9 typ host tcptype active",
        "ipv6_relay": "candidate:a+/Z 256 udp 1 2001:db8::1 0 typ relay raddr 2001:db8::2 "
        "rport 65535 generation 0",
        "zone": "candidate:1 1 udp 1 fe80::1%eth0 1 typ host",
        "fqdn": "candidate:1 1 udp 1 example.local 1 typ host",
        "crlf": "candidate:1 1 udp 1 10.0.0.1 1 typ host\r\n",
        "seven_fields": "candidate:1 1 udp 2130706431 10.0.0.1 8998 typ",
    }
    out["candidate_line"] = {name: line.encode() for name, line in lines.items()}

    recipient = fx.recipient.public_key()
    bodies: dict[str, Credentials | Candidate | EndOfCandidates] = {
        "credentials": Credentials("abcd", "a" * 22, need_creds=True),
        "candidate": Candidate.from_sdp(lines["srflx"]),
        "end": EndOfCandidates(),
    }
    tokens: dict[str, bytes] = {}
    payloads: dict[str, bytes] = {}
    for seq, (name, body) in enumerate(bodies.items()):
        msg = Message(fx.public, recipient, session=7, seq=seq, ts=FIXED_TS_MS, body=body)
        header = b64u(_header_bytes(fx.public.to_wireguard()))
        payload = msg.payload_bytes()
        signing_input = f"{header}.{b64u(payload)}".encode()
        signature = hazmat.xeddsa_sign(k, signing_input, Z)
        tokens[name] = signing_input + b"." + b64u(signature).encode()
        payloads[name] = payload
    other_header = b64u(_header_bytes(recipient.to_wireguard())).encode()
    tokens["wrong_kid"] = other_header + tokens["end"][tokens["end"].index(b".") :]
    out["signed_message"] = tokens
    payloads["float_ts"] = payloads["end"].replace(b'"ts":', b'"ts":1.5,"x":', 1)
    payloads["deep"] = b'{"a":' * 50 + b"1" + b"}" * 50
    out["wice_payload"] = payloads

    out["wg_config"] = {
        "minimal": (
            f"[Interface]\nPrivateKey = {fx.signer.to_wireguard()}\n\n"
            f"[Peer]\nPublicKey = {recipient.to_wireguard()}\nAllowedIPs = 10.0.0.2/32\n"
        ).encode(),
        "bad_key": b"[Interface]\nPrivateKey = abc\n",
    }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    corpus = build()
    differences = []
    for target, seeds in corpus.items():
        directory = CORPUS / target
        for name, data in seeds.items():
            path = directory / name
            if args.check:
                if not path.is_file() or path.read_bytes() != data:
                    differences.append(str(path))
            else:
                directory.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    if differences:
        print("corpus differs:", *differences, sep="\n  ", file=sys.stderr)
        return 1
    print("corpus checked" if args.check else f"wrote {CORPUS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
