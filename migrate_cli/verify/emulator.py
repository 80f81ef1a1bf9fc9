"""A local emulation of the three services a migrated program talks to: OpenAI, Anthropic and ByteSpike.

`Emulator(contract).handle(request)` decides what the real service would answer to one HTTP request (the
key, the path, the model id, in that order, as the services check them) and builds an answer the SDKs
accept: chat completions and responses (streamed too), images, models, embeddings, Anthropic messages
(streamed too), structured output that satisfies the request's JSON schema, and a tool call where the
request requires one. Every answer comes with a `record` of the request for the report: host, path, model,
which environment variable held the key (never the key), and a verdict.

The contract is a plain dict (`contract.build` makes it from the rules data). This module imports nothing
but the standard library and nothing of the package: it is loaded by file path inside the user's program
(`intercept/sitecustomize.py`), whose interpreter may not have this package installed.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

OPENAI, ANTHROPIC, BYTESPIKE = "openai", "anthropic", "bytespike"
DISPLAY = {OPENAI: "OpenAI", ANTHROPIC: "Anthropic", BYTESPIKE: "ByteSpike"}


@dataclass
class Request:
    method: str
    url: str
    headers: Mapping[str, str]  # names lower-case
    body: bytes = b""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    record: dict[str, Any] = field(default_factory=dict)

    @property
    def streamed(self) -> bool:
        return self.headers.get("content-type", "").startswith("text/event-stream")


def key_variable(key: str | None, environ: Mapping[str, str]) -> str | None:
    """The name of the environment variable that holds `key`, "(not from the environment)" for a key of
    no variable, None when no key was sent. Only names: the key itself never leaves this function."""
    if not key:
        return None
    names = sorted(n for n, v in environ.items() if v == key and re.search(r"(_KEY|_TOKEN)$", n))
    # The provider's own variable names first: BYTESPIKE_API_KEY before a copy in MY_LLM_KEY.
    names.sort(key=lambda n: not n.endswith("_API_KEY"))
    return names[0] if names else "(not from the environment)"


class Emulator:
    def __init__(self, contract: Mapping[str, Any]) -> None:
        self.contract = contract
        self.hosts: dict[str, str] = {}  # host -> service
        for service in (OPENAI, ANTHROPIC, BYTESPIKE):
            for host in contract[service]["hosts"]:
                self.hosts[host.lower()] = service
        self.key_prefix: str = contract["key_prefix"]
        self.patterns = {name: [re.compile(p) for p in contract[name]["id_patterns"]] for name in (OPENAI, ANTHROPIC)}

    def service(self, url: str) -> str | None:
        """The service a URL's host belongs to, None for traffic that is not answered here."""
        host = (urlsplit(url).hostname or "").lower()
        return self.hosts.get(host)

    def handle(self, request: Request, environ: Mapping[str, str]) -> Answer:
        service = self.service(request.url)
        if service is None:
            raise ValueError(f"not a host the emulation answers: {request.url}")
        parts = urlsplit(request.url)
        host, path = (parts.hostname or "").lower(), parts.path or "/"
        body = _json_body(request)
        model = body.get("model") if isinstance(body.get("model"), str) else None
        key = _key(request.headers)
        record: dict[str, Any] = {
            "host": host,
            "method": request.method.upper(),
            "path": path,
            "model": model,
            "key_variable": key_variable(key, environ),
            "service": service,
        }
        if service == BYTESPIKE:
            protocol, served_path, refusal = self._bytespike(host, path, model, key, record["key_variable"])
        else:
            protocol, served_path = service, path
            refusal = self._provider(service, model, key, record["key_variable"])
        if refusal is not None:
            status, code, reason = refusal
            record.update(verdict="fail", reason=reason, status=status)
            return Answer(status, {"content-type": "application/json"}, _error(protocol, status, code, reason), record)
        record.update(verdict="ok", reason="", status=200)
        content_type, payload = _answer(
            protocol,
            served_path,
            request.method.upper(),
            model,
            body,
            self.contract[BYTESPIKE]["catalog"] if service == BYTESPIKE else [],
        )
        headers = {"content-type": content_type, "x-request-id": f"req_{time.monotonic_ns()}"}
        return Answer(200, headers, payload, record)

    def _provider(
        self, service: str, model: str | None, key: str | None, variable: str | None
    ) -> tuple[int, str, str] | None:
        display = DISPLAY[service]
        if not key:
            return 401, "invalid_api_key", f"no API key sent to {display}"
        if key.startswith(self.key_prefix):
            return 401, "invalid_api_key", f"a ByteSpike key ({variable}) sent to {display}, which refuses it"
        other = next((DISPLAY[s] for s in (OPENAI, ANTHROPIC) if s != service), "")
        if variable and variable.upper().startswith(other.upper() + "_"):
            # `OpenAI(api_key=os.environ["ANTHROPIC_API_KEY"])`: the other provider's key.
            return 401, "invalid_api_key", f"an {other} key ({variable}) sent to {display}, which refuses it"
        if model is None:
            return None
        if model in self.contract[service]["bytespike_only"]:
            return 404, "model_not_found", f"{model!r} is a ByteSpike id: {display} has no such model"
        if not any(p.fullmatch(model) for p in self.patterns[service]):
            return 404, "model_not_found", f"{display} has no model {model!r}"
        return None

    def _bytespike(
        self, host: str, path: str, model: str | None, key: str | None, variable: str | None
    ) -> tuple[str, str, tuple[int, str, str] | None]:
        contract = self.contract[BYTESPIKE]
        relative = path
        for prefix in contract["path_prefixes"].get(host, []):
            if prefix and (path == prefix or path.startswith(prefix + "/")):
                relative = path[len(prefix) :]
                break
        protocol = ANTHROPIC if relative in contract["served"][ANTHROPIC] else OPENAI
        if not key:
            return protocol, relative, (401, "invalid_api_key", "no API key sent to ByteSpike")
        if not key.startswith(self.key_prefix):
            return (
                protocol,
                relative,
                (
                    401,
                    "invalid_api_key",
                    f"not a ByteSpike key ({variable}): ByteSpike keys start with {self.key_prefix}",
                ),
            )
        served = contract["served"][OPENAI] + contract["served"][ANTHROPIC]
        if relative not in served:
            return protocol, relative, (404, "not_found", f"ByteSpike does not serve {relative}")
        if model is not None and model not in contract["catalog"]:
            moved = contract["forward"].get(model)
            hint = f" (its ByteSpike id: {moved})" if moved else ""
            return protocol, relative, (404, "model_not_found", f"{model!r} is not in ByteSpike's catalog{hint}")
        return protocol, relative, None


def _key(headers: Mapping[str, str]) -> str | None:
    if headers.get("x-api-key"):
        return headers["x-api-key"]
    auth = headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


def _json_body(request: Request) -> dict[str, Any]:
    if not request.body or "json" not in request.headers.get("content-type", "json"):
        return {}
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def _error(protocol: str, status: int, code: str, reason: str) -> bytes:
    if protocol == ANTHROPIC:
        kind = {401: "authentication_error", 404: "not_found_error"}.get(status, "invalid_request_error")
        return json.dumps({"type": "error", "error": {"type": kind, "message": reason}}).encode()
    kind = "invalid_request_error"
    return json.dumps({"error": {"message": reason, "type": kind, "param": None, "code": code}}).encode()


# Well-formed answers.


def instance(schema: Any, defs: Mapping[str, Any] | None = None, depth: int = 0) -> Any:
    """A small value that satisfies a JSON schema: every required (and, for strict schemas, every listed)
    property, the first of an enum, one item where an array needs items."""
    if not isinstance(schema, dict) or depth > 20:
        return None
    defs = {**(defs or {}), **schema.get("$defs", {}), **schema.get("definitions", {})}
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        return instance(defs.get(name, {}), defs, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    for combinator in ("anyOf", "oneOf", "allOf"):
        if schema.get(combinator):
            options = [s for s in schema[combinator] if not (isinstance(s, dict) and s.get("type") == "null")]
            return instance((options or schema[combinator])[0], defs, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or (kind is None and "properties" in schema):
        properties = schema.get("properties", {})
        return {name: instance(sub, defs, depth + 1) for name, sub in properties.items()}
    if kind == "array":
        count = int(schema.get("minItems", 1 if "items" in schema else 0))
        return [instance(schema.get("items", {}), defs, depth + 1) for _ in range(count)]
    if kind == "string":
        return {
            "date-time": "2025-01-01T00:00:00Z",
            "date": "2025-01-01",
            "email": "user@example.com",
            "uri": "https://example.com",
            "uuid": "00000000-0000-0000-0000-000000000000",
        }.get(schema.get("format", ""), "x" * int(schema.get("minLength", 2)))
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1.0))
    if kind == "boolean":
        return True
    return None


def _sse(events: list[tuple[str | None, Any]]) -> bytes:
    lines = []
    for name, data in events:
        if name is not None:
            lines.append(f"event: {name}")
        lines.append("data: " + (data if isinstance(data, str) else json.dumps(data)))
        lines.append("")
    return ("\n".join(lines) + "\n").encode()


def _answer(
    protocol: str, path: str, method: str, model: str | None, body: dict[str, Any], catalog: list[str]
) -> tuple[str, bytes]:
    stream = body.get("stream") is True
    if protocol == ANTHROPIC and path.endswith("/messages"):
        message = _anthropic_message(model, body)
        if stream:
            return "text/event-stream", _sse(_anthropic_events(message))
        return "application/json", json.dumps(message).encode()
    if path.endswith("/chat/completions"):
        completion = _chat_completion(model, body)
        if stream:
            return "text/event-stream", _sse(_chat_chunks(completion, body))
        return "application/json", json.dumps(completion).encode()
    if path.endswith("/responses"):
        response = _response(model, body)
        if stream:
            return "text/event-stream", _sse(_response_events(response))
        return "application/json", json.dumps(response).encode()
    return "application/json", json.dumps(_other(path, method, model, body, catalog)).encode()


def _text_for(model: str | None, schema: Any) -> str:
    return json.dumps(instance(schema)) if schema is not None else f"ok from {model}"


def _chat_completion(model: str | None, body: dict[str, Any]) -> dict[str, Any]:
    response_format = body.get("response_format") or {}
    schema = None
    if response_format.get("type") == "json_schema":
        schema = (response_format.get("json_schema") or {}).get("schema", {})
    elif response_format.get("type") == "json_object":
        schema = {"type": "object"}
    message: dict[str, Any] = {"role": "assistant", "content": _text_for(model, schema), "refusal": None}
    finish = "stop"
    tool = _required_tool(body.get("tools") or [], body.get("tool_choice"), "chat")
    if tool is not None:
        message = {
            "role": "assistant",
            "content": None,
            "refusal": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": tool["name"], "arguments": json.dumps(instance(tool["parameters"]))},
                }
            ],
        }
        finish = "tool_calls"
    return {
        "id": "chatcmpl-verify",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "finish_reason": finish, "logprobs": None, "message": message}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _required_tool(tools: list[Any], choice: Any, shape: str) -> dict[str, Any] | None:
    """The tool a request obliges the model to call ({"name", "parameters"}), None when it may answer in text.
    `shape`: chat (`{"type": "function", "function": {...}}`), responses (flat) or anthropic."""
    described = []
    for tool in tools:
        if not isinstance(tool, dict):
            continue
        if shape == "chat" and isinstance(tool.get("function"), dict):
            described.append(
                {
                    "name": tool["function"].get("name", "tool"),
                    "parameters": tool["function"].get("parameters", {"type": "object"}),
                }
            )
        elif shape == "responses" and tool.get("type") == "function":
            described.append({"name": tool.get("name", "tool"), "parameters": tool.get("parameters", {})})
        elif shape == "anthropic" and "input_schema" in tool:
            described.append({"name": tool.get("name", "tool"), "parameters": tool["input_schema"]})
    if not described:
        return None
    if isinstance(choice, dict):
        name = choice.get("name") or (choice.get("function") or {}).get("name")
        if name:
            return next((t for t in described if t["name"] == name), described[0])
        if choice.get("type") == "any":
            return described[0]
        return None
    return described[0] if choice == "required" else None


def _chat_chunks(completion: dict[str, Any], body: dict[str, Any]) -> list[tuple[str | None, Any]]:
    message = completion["choices"][0]["message"]
    base = {"id": completion["id"], "object": "chat.completion.chunk", "created": 0, "model": completion["model"]}
    delta: dict[str, Any] = {"role": "assistant", "content": message["content"]}
    if message.get("tool_calls"):
        delta["tool_calls"] = [{"index": 0, **call} for call in message["tool_calls"]]
    chunks: list[tuple[str | None, Any]] = [
        (None, {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}),
        (
            None,
            {
                **base,
                "choices": [{"index": 0, "delta": {}, "finish_reason": completion["choices"][0]["finish_reason"]}],
            },
        ),
    ]
    if (body.get("stream_options") or {}).get("include_usage"):
        chunks.append((None, {**base, "choices": [], "usage": completion["usage"]}))
    chunks.append((None, "[DONE]"))
    return chunks


def _response(model: str | None, body: dict[str, Any]) -> dict[str, Any]:
    text_format = (body.get("text") or {}).get("format") or {}
    schema = text_format.get("schema") if text_format.get("type") == "json_schema" else None
    tool = _required_tool(body.get("tools") or [], body.get("tool_choice"), "responses")
    output: list[dict[str, Any]]
    if tool is not None:
        output = [
            {
                "type": "function_call",
                "id": "fc_1",
                "call_id": "call_1",
                "name": tool["name"],
                "arguments": json.dumps(instance(tool["parameters"])),
                "status": "completed",
            }
        ]
    else:
        output = [
            {
                "type": "message",
                "id": "msg_1",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "output_text", "text": _text_for(model, schema), "annotations": []}],
            }
        ]
    return {
        "id": "resp_verify",
        "object": "response",
        "created_at": 0,
        "model": model,
        "status": "completed",
        "output": output,
        "parallel_tool_calls": True,
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools", []),
        "text": body.get("text", {"format": {"type": "text"}}),
        "usage": {
            "input_tokens": 1,
            "output_tokens": 1,
            "total_tokens": 2,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens_details": {"reasoning_tokens": 0},
        },
    }


def _response_events(response: dict[str, Any]) -> list[tuple[str | None, Any]]:
    events: list[tuple[str | None, Any]] = []

    def add(kind: str, **data: Any) -> None:
        events.append((kind, {"type": kind, "sequence_number": len(events), **data}))

    add("response.created", response={**response, "status": "in_progress", "output": []})
    for index, item in enumerate(response["output"]):
        if item["type"] == "message":
            text = item["content"][0]["text"]
            add("response.output_item.added", output_index=index, item={**item, "status": "in_progress", "content": []})
            part = {"type": "output_text", "text": "", "annotations": []}
            at: dict[str, Any] = {"item_id": item["id"], "output_index": index, "content_index": 0}
            add("response.content_part.added", **at, part=part)
            add("response.output_text.delta", **at, delta=text, logprobs=[])
            add("response.output_text.done", **at, text=text, logprobs=[])
            add("response.content_part.done", **at, part={**part, "text": text})
        else:
            add("response.output_item.added", output_index=index, item={**item, "arguments": ""})
            add(
                "response.function_call_arguments.delta",
                item_id=item["id"],
                output_index=index,
                delta=item["arguments"],
            )
            add(
                "response.function_call_arguments.done",
                item_id=item["id"],
                output_index=index,
                arguments=item["arguments"],
                name=item["name"],
            )
        add("response.output_item.done", output_index=index, item=item)
    add("response.completed", response=response)
    return events


def _anthropic_message(model: str | None, body: dict[str, Any]) -> dict[str, Any]:
    output_format = body.get("output_format") or (body.get("output_config") or {}).get("format") or {}
    schema = output_format.get("schema") if output_format.get("type") == "json_schema" else None
    tool = _required_tool(body.get("tools") or [], body.get("tool_choice"), "anthropic")
    if tool is not None:
        content: list[dict[str, Any]] = [
            {"type": "tool_use", "id": "toolu_verify", "name": tool["name"], "input": instance(tool["parameters"])}
        ]
        stop = "tool_use"
    else:
        content, stop = [{"type": "text", "text": _text_for(model, schema)}], "end_turn"
    return {
        "id": "msg_verify",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }


def _anthropic_events(message: dict[str, Any]) -> list[tuple[str | None, Any]]:
    events: list[tuple[str | None, Any]] = []

    def add(kind: str, **data: Any) -> None:
        events.append((kind, {"type": kind, **data}))

    add(
        "message_start",
        message={**message, "content": [], "stop_reason": None, "usage": {"input_tokens": 1, "output_tokens": 0}},
    )
    for index, block in enumerate(message["content"]):
        if block["type"] == "text":
            add("content_block_start", index=index, content_block={"type": "text", "text": ""})
            add("content_block_delta", index=index, delta={"type": "text_delta", "text": block["text"]})
        else:
            add("content_block_start", index=index, content_block={**block, "input": {}})
            add(
                "content_block_delta",
                index=index,
                delta={"type": "input_json_delta", "partial_json": json.dumps(block["input"])},
            )
        add("content_block_stop", index=index)
    add(
        "message_delta",
        delta={"stop_reason": message["stop_reason"], "stop_sequence": None},
        usage={"output_tokens": 1},
    )
    add("message_stop")
    return events


def _other(path: str, method: str, model: str | None, body: dict[str, Any], catalog: list[str]) -> Any:
    """The other endpoints the SDKs call: images, models, embeddings, and OpenAI's stateful APIs (on OpenAI,
    where they are served)."""
    if "/images/" in path:
        count = body["n"] if isinstance(body.get("n"), int) and body["n"] > 0 else 1
        return {"created": 0, "data": [{"b64_json": "aW1hZ2U="} for _ in range(count)]}
    if path.endswith("/models"):
        return {
            "object": "list",
            "data": [{"id": m, "object": "model", "created": 0, "owned_by": "bytespike"} for m in catalog],
        }
    if path.endswith("/embeddings"):
        inputs = body.get("input")
        count = len(inputs) if isinstance(inputs, list) and inputs and not isinstance(inputs[0], int) else 1
        return {
            "object": "list",
            "model": model,
            "usage": {"prompt_tokens": 1, "total_tokens": 1},
            "data": [{"object": "embedding", "index": i, "embedding": [0.5, 0.5]} for i in range(count)],
        }
    if path.endswith("/files"):
        return {
            "id": "file-verify",
            "object": "file",
            "bytes": 1,
            "created_at": 0,
            "filename": "upload",
            "purpose": "assistants",
            "status": "processed",
        }
    if path.endswith("/assistants"):
        return {
            "id": "asst_verify",
            "object": "assistant",
            "created_at": 0,
            "model": model,
            "name": None,
            "tools": [],
            "instructions": None,
            "description": None,
            "metadata": {},
        }
    if path.endswith("/vector_stores"):
        return {
            "id": "vs_verify",
            "object": "vector_store",
            "created_at": 0,
            "name": "",
            "status": "completed",
            "usage_bytes": 0,
            "metadata": {},
            "last_active_at": 0,
            "file_counts": {"in_progress": 0, "completed": 0, "failed": 0, "cancelled": 0, "total": 0},
        }
    if path.endswith("/count_tokens"):
        return {"input_tokens": 1}
    if path.endswith("/moderations"):
        return {
            "id": "modr-verify",
            "model": model,
            "results": [{"flagged": False, "categories": {}, "category_scores": {}}],
        }
    return {"id": "verify", "object": "unknown"}
