"""A signed Backend.AI API request (HMAC-SHA256 with the fixture keypair), stdlib only."""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # the public example keypair of the fixtures
API_VERSION = "v9.20250722"


@dataclass(frozen=True)
class ApiResponse:
    """Status (None when no HTTP answer came), latency and the start of the body."""

    status: int | None
    latency: float
    body: str


def signed_request(host: str, port: int, method: str, path: str, timeout: float = 10.0,
                   body: bytes | None = None, limit: int = 600) -> ApiResponse:
    """Send a signed request (the API signs an empty body hash whatever the body); never raises
    for transport errors (status None, body says why). ``limit`` bounds the body read."""
    hostport = f"{host}:{port}"
    now = datetime.now(UTC)
    date = now.isoformat()
    ctype = "application/json"
    body_hash = hashlib.sha256(b"").hexdigest()
    sign_bytes = (f"{method}\n{path}\n{date}\nhost:{hostport}\ncontent-type:{ctype}\n"
                  f"x-backendai-version:{API_VERSION}\n{body_hash}").encode()
    key = hmac.new(SECRET_KEY.encode(), now.strftime("%Y%m%d").encode(), "sha256").digest()
    key = hmac.new(key, hostport.encode(), "sha256").digest()
    signature = hmac.new(key, sign_bytes, "sha256").hexdigest()
    request = urllib.request.Request(f"http://{hostport}{path}", data=body, method=method, headers={
        "Content-Type": ctype, "X-BackendAI-Date": date, "X-BackendAI-Version": API_VERSION,
        "Authorization": f"BackendAI signMethod=HMAC-SHA256, credential={ACCESS_KEY}:{signature}"})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            body_text = resp.read(limit).decode(errors="replace")
            return ApiResponse(resp.status, time.monotonic() - start, body_text)
    except urllib.error.HTTPError as exc:
        return ApiResponse(exc.code, time.monotonic() - start, exc.read(600).decode(errors="replace"))
    except Exception as exc:  # a timeout or refused connection is an observation, not an error
        return ApiResponse(None, time.monotonic() - start, f"{type(exc).__name__}: {exc}")
