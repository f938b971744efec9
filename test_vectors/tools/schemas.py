"""JSON Schemas (draft 2020-12) of the published vector files, one per file type.

Each schema is self-contained (its own ``$defs``), so a consumer needs no reference resolution.
They are written next to the vectors by ``generate.py`` (``test_vectors/schemas/``) and checked
with ``--check`` like the vectors themselves.
"""

from __future__ import annotations

from typing import Any, Final

Json = dict[str, Any]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

DEFS: Final[Json] = {
    "hex": {"type": "string", "pattern": "^([0-9a-f]{2})*$"},
    "hex32": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "hex64": {"type": "string", "pattern": "^[0-9a-f]{128}$"},
    "b64url": {"type": "string", "pattern": "^[A-Za-z0-9_-]*$"},
    "verdict": {"enum": ["valid", "invalid"]},
    "signBit": {"enum": [0, 1]},
    "policyResults": {
        "type": "object",
        "properties": {"strict": {"$ref": "#/$defs/verdict"}, "spec": {"$ref": "#/$defs/verdict"}},
        "required": ["strict", "spec"],
        "additionalProperties": False,
    },
    "flags": {
        "type": "array",
        "items": {"type": "string", "pattern": "^[A-Za-z0-9_]+$"},
        "uniqueItems": True,
    },
    "jwk": {
        "type": "object",
        "properties": {
            "kty": {"type": "string"},
            "crv": {"type": "string"},
            "x": {"$ref": "#/$defs/b64url"},
            "d": {"$ref": "#/$defs/b64url"},
            "alg": {"type": "string"},
            "use": {"type": "string"},
            "kid": {"type": "string"},
            "key_ops": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["kty", "crv", "x"],
        "additionalProperties": False,
    },
}

_TEXT: Final = {"type": "string", "minLength": 1}


def _header(algorithm: str, extra: Json, required_extra: list[str]) -> tuple[Json, list[str]]:
    props: Json = {
        "schema": {"type": "string"},
        "algorithm": {"const": algorithm},
        "spec": _TEXT,
        "source": _TEXT,
        "encoding": _TEXT,
        "convention": {"const": "rev1-sign-bit-0"},
        "generator": {
            "type": "object",
            "properties": {"path": _TEXT, "version": _TEXT},
            "required": ["path", "version"],
            "additionalProperties": False,
        },
        "resultNote": _TEXT,
        "numberOfTests": {"type": "integer", "minimum": 1},
        "notes": {"type": "object", "additionalProperties": {"type": "string"}},
        **extra,
    }
    required = [
        "schema",
        "algorithm",
        "spec",
        "source",
        "encoding",
        "convention",
        "generator",
        "resultNote",
        "numberOfTests",
        "notes",
        "testGroups",
        *required_extra,
    ]
    return props, required


def _object(props: Json, required: list[str]) -> Json:
    return {
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


def _case(fields: Json, required: list[str], *, policy_results: bool = False) -> Json:
    props: Json = {
        "tcId": {"type": "integer", "minimum": 1},
        "comment": _TEXT,
        **fields,
        "result": {"$ref": "#/$defs/verdict"},
        "flags": {"$ref": "#/$defs/flags"},
    }
    req = ["tcId", "comment", *required, "result", "flags"]
    if policy_results:
        props["policyResults"] = {"$ref": "#/$defs/policyResults"}
        req.append("policyResults")
    return _object(props, req)


def _schema(
    title: str, algorithm: str, group: Json, case: Json, extra: Json, required_extra: list[str]
) -> Json:
    props, required = _header(algorithm, extra, required_extra)
    group = {
        **group,
        "properties": {
            **group["properties"],
            "tests": {"type": "array", "items": case, "minItems": 1},
        },
    }
    group["required"] = [*group["required"], "tests"]
    props["testGroups"] = {"type": "array", "items": group, "minItems": 1}
    return {
        "$schema": DIALECT,
        "$id": f"https://xeddsa.invalid/test_vectors/schemas/{title}.schema.json",
        "title": f"test_vectors: {title}",
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
        "$defs": DEFS,
    }


_KEY: Final = {
    "keyLabel": _TEXT,
    "d": {"$ref": "#/$defs/hex32"},
    "k": {"$ref": "#/$defs/hex32"},
    "a": {"$ref": "#/$defs/hex32"},
    "A": {"$ref": "#/$defs/hex32"},
    "u": {"$ref": "#/$defs/hex32"},
    "kBSignBit": {"$ref": "#/$defs/signBit"},
}
_SIGNING: Final = {
    "nonce_scalar": {"const": "spec"},
    "policies": {"const": ["strict", "spec"]},
    "policyNotes": {
        "type": "object",
        "properties": {"strict": _TEXT, "spec": _TEXT},
        "required": ["strict", "spec"],
        "additionalProperties": False,
    },
}
_VERIFY_HEADER: Final = {**_SIGNING, "keyImportNote": _TEXT, "ANote": _TEXT}


def _sign_schema(title: str, algorithm: str, group_type: str, case_fields: Json) -> Json:
    group = _object({"type": {"const": group_type}, **_KEY}, ["type", *_KEY])
    case = _case(case_fields, [name for name in case_fields if name != "d"])
    return _schema(title, algorithm, group, case, _SIGNING, list(_SIGNING))


def _verify_schema(title: str, algorithm: str, group_type: str, case_fields: Json) -> Json:
    group = _object(
        {
            "type": {"const": group_type},
            "u": {"$ref": "#/$defs/hex"},
            "A": {"$ref": "#/$defs/hex32"},
            "keyImport": {"$ref": "#/$defs/verdict"},
            "keyComment": _TEXT,
        },
        ["type", "u", "keyImport", "keyComment"],
    )
    required = [name for name in case_fields if name != "vrf"]
    case = _case(case_fields, required, policy_results=True)
    return _schema(title, algorithm, group, case, _VERIFY_HEADER, list(_VERIFY_HEADER))


def _function_schema(title: str, algorithm: str, group_type: str, case_fields: Json) -> Json:
    group = _object({"type": {"const": group_type}}, ["type"])
    case = _case(case_fields, list(case_fields))
    return _schema(title, algorithm, group, case, {"note": _TEXT}, ["note"])


def _jwk_schema() -> Json:
    group = _object({"type": {"enum": ["JWK", "JWKInvalid"]}, "keyLabel": _TEXT}, ["type"])
    case = _case(
        {
            "jwk": {"$ref": "#/$defs/jwk"},
            "d": {"$ref": "#/$defs/hex32"},
            "k": {"$ref": "#/$defs/hex32"},
            "u": {"$ref": "#/$defs/hex32"},
            "A": {"$ref": "#/$defs/hex32"},
            "thumbprintInput": _TEXT,
            "thumbprint": {"$ref": "#/$defs/b64url"},
        },
        ["jwk"],
    )
    case["dependentRequired"] = {"d": ["k"], "k": ["d"]}
    return _schema("jose-jwk", "JWK", group, case, {}, [])


def _jws_schema() -> Json:
    group = _object(
        {"type": {"const": "JWS"}, "keyLabel": _TEXT, "jwk": {"$ref": "#/$defs/jwk"}},
        ["type", "keyLabel", "jwk"],
    )
    case = _case(
        {
            "algorithms": {"type": "array", "items": _TEXT, "minItems": 1},
            "jwk": {"$ref": "#/$defs/jwk"},
            "fixedProtected": _TEXT,
            "protected": _TEXT,
            "payload": {"type": "string"},
            "signingInput": _TEXT,
            "Z": {"$ref": "#/$defs/hex64"},
            "sig": {"$ref": "#/$defs/hex"},
            "V": {"$ref": "#/$defs/hex32"},
            "h": {"$ref": "#/$defs/hex32"},
            "s": {"$ref": "#/$defs/hex32"},
            "vrf": {"$ref": "#/$defs/hex32"},
            "jws": _TEXT,
            "jwsJson": _object(
                {
                    "payload": {"$ref": "#/$defs/b64url"},
                    "protected": {"$ref": "#/$defs/b64url"},
                    "header": {"type": "object"},
                    "signature": {"type": "string"},
                },
                ["payload", "protected", "signature"],
            ),
        },
        ["algorithms", "protected", "payload", "signingInput", "Z", "sig"],
    )
    case["oneOf"] = [{"required": ["jws"]}, {"required": ["jwsJson"]}]
    extra = {
        "nonce_scalar": {"const": "spec"},
        "verificationPolicy": {"const": "strict"},
        "keyFile": {"const": "jose/jwk.json"},
        "keyJoin": _TEXT,
    }
    return _schema("jose-jws", "JWS", group, case, extra, list(extra))


_MSG_SIG: Final = {"msg": {"$ref": "#/$defs/hex"}, "sig": {"$ref": "#/$defs/hex"}}


def schemas() -> dict[str, Json]:
    """Vector file (relative path) -> its schema; the schema's file name is schema_path(rel)."""
    hex32 = {"$ref": "#/$defs/hex32"}
    return {
        "xeddsa25519/sign.json": _sign_schema(
            "xeddsa25519-sign",
            "XEdDSA",
            "XEdDSASign",
            {
                "d": hex32,
                "msg": {"$ref": "#/$defs/hex"},
                "Z": {"$ref": "#/$defs/hex64"},
                "sig": {"$ref": "#/$defs/hex64"},
            },
        ),
        "xeddsa25519/verify.json": _verify_schema(
            "xeddsa25519-verify", "XEdDSA", "XEdDSAVerify", dict(_MSG_SIG)
        ),
        "vxeddsa25519/sign.json": _sign_schema(
            "vxeddsa25519-sign",
            "VXEdDSA",
            "VXEdDSASign",
            {
                "msg": {"$ref": "#/$defs/hex"},
                "Z": {"$ref": "#/$defs/hex64"},
                "sig": {"type": "string", "pattern": "^[0-9a-f]{192}$"},
                "V": hex32,
                "h": hex32,
                "s": hex32,
                "vrf": hex32,
            },
        ),
        "vxeddsa25519/verify.json": _verify_schema(
            "vxeddsa25519-verify", "VXEdDSA", "VXEdDSAVerify", {**_MSG_SIG, "vrf": hex32}
        ),
        "curve25519/convert_mont.json": _function_schema(
            "curve25519-convert_mont",
            "convert_mont",
            "ConvertMont",
            {"u": hex32, "A": hex32, "onCurve": {"type": "boolean"}},
        ),
        "curve25519/elligator2.json": _function_schema(
            "curve25519-elligator2", "elligator2", "Elligator2", {"r": hex32, "u": hex32}
        ),
        "curve25519/hash_to_point.json": _function_schema(
            "curve25519-hash_to_point",
            "hash_to_point",
            "HashToPoint",
            {"input": {"$ref": "#/$defs/hex"}, "hash2": {"$ref": "#/$defs/hex64"}, "point": hex32},
        ),
        "curve25519/calculate_key_pair.json": _function_schema(
            "curve25519-calculate_key_pair", "calculate_key_pair", "CalculateKeyPair", dict(_KEY)
        ),
        "jose/jwk.json": _jwk_schema(),
        "jose/jws.json": _jws_schema(),
    }


def schema_path(rel: str) -> str:
    """The schema file of a vector file: ``schemas/<dir>-<name>.schema.json``."""
    return "schemas/" + rel.removesuffix(".json").replace("/", "-") + ".schema.json"
