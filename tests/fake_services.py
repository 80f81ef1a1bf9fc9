"""In-process fakes of the remote services, OpenAI, Anthropic and ByteSpike, for running migrated programs.

`install(log_path)` routes every HTTP request of the SDKs by host: `api.openai.com` to a fake OpenAI,
`api.anthropic.com` to a fake Anthropic, `llm.bytespike.ai` to a fake ByteSpike that speaks both protocols
(OpenAI's under `/v1/chat/completions` …, Anthropic's at `/v1/messages`); any other host fails. Each fake
checks what the real service would: the key (OpenAI takes `sk-openai-…`, Anthropic `sk-ant-…` in `x-api-key`,
ByteSpike `sk-byts-…` in either header), the path (ByteSpike serves only chat completions, responses, images,
models and messages, under `/v1/`), and the model id (each knows only its own catalog). A request the real service would refuse gets the same status code, so the program fails as it
would in production. Every request is appended to `log_path` as one JSON line.

Used from a program's process: `python -c "import fake_services; fake_services.install(LOG); ..."`.
"""

from __future__ import annotations

import importlib
import json
import os
import time

OPENAI_MODELS = {
    "gpt-4o",
    "gpt-4o-mini",
    "gpt-5",
    "gpt-5-mini",
    "gpt-5-nano",
    "o1",
    "o1-preview",
    "gpt-image-1",
    "text-embedding-3-small",
    "text-embedding-3-large",
}
BYTESPIKE_MODELS = {
    "gpt-5-5",
    "gpt-5-4",
    "gpt-5-4-mini",
    "gpt-5-4-nano",
    "gpt-5-4-pro",
    "gpt-5-mini",
    "gpt-5-nano",
    "gpt-image-2",
    "claude-sonnet-4-6",
    "claude-sonnet-4-5",
    "claude-opus-4-8",
    "claude-opus-4-5",
    "claude-haiku-4-5",
}
BYTESPIKE_PATHS = {"/v1/chat/completions", "/v1/responses", "/v1/images/generations", "/v1/images/edits", "/v1/models"}
OPENAI_KEY = "sk-openai-test-key-0000000000"
ANTHROPIC_MODELS = {
    "claude-3-5-sonnet-20241022",
    "claude-3-7-sonnet-20250219",
    "claude-sonnet-4-20250514",
    "claude-opus-4-20250514",
    "claude-3-5-haiku-20241022",
    "claude-3-haiku-20240307",
    "claude-sonnet-4-5",
    "claude-haiku-4-5",
    "claude-opus-4-5",
}
ANTHROPIC_PATHS = {"/v1/messages", "/v1/messages/count_tokens", "/v1/messages/batches", "/v1/files", "/v1/models"}
ANTHROPIC_KEY = "sk-ant-test-key-0000000000"
# ByteSpike's Anthropic protocol: the messages endpoint (SPEC §2: the SDK appends /v1/messages to the base URL).
BYTESPIKE_ANTHROPIC_PATHS = {"/v1/messages"}
BYTESPIKE_KEY = "sk-byts-test-key-0000000000"


def _body(request) -> dict:
    content = request.read()
    if not content or "json" not in request.headers.get("content-type", ""):
        return {}
    return json.loads(content)


def _answer(path: str, model: str | None) -> dict:
    if path.endswith("/chat/completions"):
        return {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": model,
            "choices": [
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": f"ok from {model}"}}
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    if path.endswith("/responses"):
        return {
            "id": "resp_1",
            "object": "response",
            "created_at": 0,
            "model": model,
            "status": "completed",
            "output": [
                {
                    "type": "message",
                    "id": "msg_1",
                    "status": "completed",
                    "role": "assistant",
                    "content": [{"type": "output_text", "text": f"ok from {model}", "annotations": []}],
                }
            ],
            "parallel_tool_calls": True,
            "tool_choice": "auto",
            "tools": [],
        }
    if path.endswith("/images/generations"):
        return {"created": 0, "data": [{"b64_json": "aW1hZ2U="}]}
    if path.endswith("/embeddings"):
        return {
            "object": "list",
            "model": model,
            "data": [{"object": "embedding", "index": 0, "embedding": [0.5]}],
            "usage": {"prompt_tokens": 1, "total_tokens": 1},
        }
    if path.endswith("/files"):
        return {
            "id": "file-1",
            "object": "file",
            "bytes": 6,
            "created_at": 0,
            "filename": "manual.txt",
            "purpose": "assistants",
            "status": "processed",
        }
    if path.endswith("/assistants"):
        return {
            "id": "asst_1",
            "object": "assistant",
            "created_at": 0,
            "model": model,
            "name": "shop-kb",
            "tools": [],
            "instructions": None,
            "description": None,
            "metadata": {},
        }
    if path.endswith("/vector_stores"):
        return {
            "id": "vs_1",
            "object": "vector_store",
            "created_at": 0,
            "name": "kb",
            "status": "completed",
            "usage_bytes": 0,
            "file_counts": {"in_progress": 0, "completed": 0, "failed": 0, "cancelled": 0, "total": 0},
            "metadata": {},
            "last_active_at": 0,
        }
    if path.endswith("/models"):
        return {"object": "list", "data": []}
    if path.endswith("/v1/messages"):
        return {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": model,
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "content": [{"type": "text", "text": f"ok from {model}"}],
            "usage": {"input_tokens": 1, "output_tokens": 1},
        }
    if path.endswith("/v1/files"):
        return {
            "id": "file_1",
            "type": "file",
            "filename": "notes.txt",
            "mime_type": "text/plain",
            "size_bytes": 5,
            "created_at": "2025-01-01T00:00:00Z",
            "downloadable": False,
        }
    return {"id": "x", "object": "unknown"}


def _serve(request, log_path: str, http):
    host = request.url.host
    path = request.url.path
    key = request.headers.get("x-api-key") or request.headers.get("authorization", "").removeprefix("Bearer ")
    body = _body(request)
    model = body.get("model")
    entry = {"host": host, "path": path, "model": model, "key": key[:8]}
    if host == "api.openai.com":
        expected_key, models, status = OPENAI_KEY, OPENAI_MODELS, 200
        if key != expected_key:
            status = 401
        elif model is not None and model not in models:
            status = 404  # OpenAI: "The model `gpt-5-4` does not exist"
    elif host == "api.anthropic.com":
        status = 200
        if key != ANTHROPIC_KEY:
            status = 401
        elif path not in ANTHROPIC_PATHS:
            status = 404
        elif model is not None and model not in ANTHROPIC_MODELS:
            status = 404  # Anthropic: "model: claude-sonnet-4-6" not_found_error
    elif host == "llm.bytespike.ai":
        expected_key, models, status = BYTESPIKE_KEY, BYTESPIKE_MODELS, 200
        if key != expected_key:
            status = 401
        elif path not in BYTESPIKE_PATHS | BYTESPIKE_ANTHROPIC_PATHS:
            status = 404  # no /v1/files, /v1/embeddings, /v1/assistants …; a missing /v1 or slash lands here too
        elif model is not None and model not in models:
            status = 400
    else:
        status = 599  # nothing else is reachable
    entry["status"] = status
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry) + "\n")
    if status != 200:
        return http.Response(
            status, json={"error": {"message": f"refused by the fake {host}", "code": status}}, request=request
        )
    return http.Response(
        200, json=_answer(path, model), request=request, headers={"x-request-id": f"req-{time.monotonic_ns()}"}
    )


def install(log_path: str) -> None:
    """Route every httpx request of this process to the fakes, and give the program its keys."""
    os.environ.setdefault("OPENAI_API_KEY", OPENAI_KEY)
    os.environ.setdefault("ANTHROPIC_API_KEY", ANTHROPIC_KEY)
    os.environ.setdefault("BYTESPIKE_API_KEY", BYTESPIKE_KEY)
    for name in ("OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN"):
        os.environ.pop(name, None)
    # The frameworks, offline: LiteLLM's model prices from its own package, its async calls through httpx's
    # transport (not its aiohttp one), no telemetry from CrewAI or OpenTelemetry.
    os.environ.update(
        {
            "LITELLM_LOCAL_MODEL_COST_MAP": "True",
            "DISABLE_AIOHTTP_TRANSPORT": "True",
            "CREWAI_DISABLE_TELEMETRY": "true",
            "OTEL_SDK_DISABLED": "true",
            "CREWAI_TRACING_ENABLED": "false",
        }
    )

    # The SDKs send through httpx (and its successor httpx2: the anthropic SDK's since 2.x): route whichever
    # is here.
    for name in ("httpx", "httpx2"):
        try:
            http = importlib.import_module(name)
        except ImportError:
            continue

        def handle(self, request, http=http):
            return _serve(request, log_path, http)

        async def handle_async(self, request, http=http):
            return _serve(request, log_path, http)

        http.HTTPTransport.handle_request = handle
        http.AsyncHTTPTransport.handle_async_request = handle_async
