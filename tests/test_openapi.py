"""openapi/openapi.json is exported from the app (`chumchon export-openapi`); it must not drift."""

from __future__ import annotations

import json
from pathlib import Path

from chumchon.cli import contract_json

CONTRACT = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"


def test_checked_in_contract_matches_the_app() -> None:
    assert CONTRACT.is_file(), "openapi/openapi.json is missing: run `make openapi`"
    assert CONTRACT.read_text(encoding="utf-8") == contract_json(), (
        "openapi/openapi.json differs from what the app serves: run `make openapi` and commit it"
    )


def test_contract_has_security_tags_and_problem_answers() -> None:
    spec = json.loads(contract_json())
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert "Problem" in spec["components"]["schemas"]
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert op.get("summary"), f"{method.upper()} {path} has no summary"
            assert op.get("tags"), f"{method.upper()} {path} has no tag"
            if path.startswith("/api/v1/") and path != "/api/v1/auth/token":
                assert any(code.startswith("4") for code in op["responses"]), f"{method.upper()} {path} declares no 4xx"
