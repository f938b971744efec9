"""Every published vector file validates against its JSON Schema (test_vectors/schemas/)."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest

from tests.test_vectors_published._published_vectors import FILES, VECTOR_DIR, load


def _schema_of(rel: str) -> dict[str, Any]:
    path = (VECTOR_DIR / rel).parent / load(rel)["schema"]
    schema: dict[str, Any] = json.loads(path.read_text(encoding="ascii"))
    return schema


@pytest.mark.parametrize("rel", FILES)
def test_file_validates_against_its_schema(rel: str) -> None:
    schema = _schema_of(rel)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(load(rel))


def test_every_schema_is_used() -> None:
    used = {(VECTOR_DIR / rel).parent.joinpath(load(rel)["schema"]).resolve() for rel in FILES}
    assert used == {p.resolve() for p in (VECTOR_DIR / "schemas").glob("*.schema.json")}


@pytest.mark.parametrize(
    ("rel", "mutate"),
    [
        ("xeddsa25519/verify.json", lambda d: d["testGroups"][0]["tests"][0].pop("policyResults")),
        ("xeddsa25519/verify.json", lambda d: d["testGroups"][0]["tests"][0].update(result={})),
        ("xeddsa25519/sign.json", lambda d: d["testGroups"][0]["tests"][0].update(sig="ab")),
        ("vxeddsa25519/verify.json", lambda d: d["testGroups"][0].update(signature="00")),
        ("jose/jws.json", lambda d: d["testGroups"][0]["tests"][0].pop("jws")),
        ("curve25519/hash_to_point.json", lambda d: d["testGroups"][0]["tests"][0].update(x="")),
    ],
)
def test_schema_rejects_a_changed_file(rel: str, mutate: Any) -> None:
    data = copy.deepcopy(load(rel))
    mutate(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_schema_of(rel)).validate(data)
