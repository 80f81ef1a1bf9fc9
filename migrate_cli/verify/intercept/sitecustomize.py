"""Loaded by every Python process `bytespike-migrate verify` starts (this folder is first on PYTHONPATH).

It answers the requests the SDKs send to OpenAI, Anthropic and ByteSpike from the local emulation, and writes
one JSON line per request to the file BYTESPIKE_VERIFY_RECORDS names; any other traffic goes out untouched.

The HTTP clients are patched where the SDKs hand a request to the network: the connection pools of httpcore
and httpcore2, below httpx's and httpx2's transports (openai, anthropic and the frameworks built on them), and
requests' `HTTPAdapter.send` (the v0 SDK, LiteLLM's paths). There, a test's own mocks (respx, pytest-httpx,
`httpx.MockTransport`) see a request first, as they would without `verify`. Patched by hand, not with respx or
responses: this code runs in the user's interpreter, where neither may be installed, and putting the tool's
own site-packages on that path would shadow the user's httpx with another version. Each client is patched
when it is first imported (an import hook), so a process that never imports one pays nothing.

After that, the project's own sitecustomize (the next one on sys.path) runs as it would have.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import io
import json
import os
import sys
import sysconfig
from types import FrameType

TYPE_CHECKING = False  # typing's, without importing typing into the user's interpreter
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType
    from typing import Any

    from migrate_cli.verify.emulator import Answer

_HERE = os.path.dirname(os.path.abspath(__file__))


def _load_emulator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_bytespike_verify_emulator", os.environ["BYTESPIKE_VERIFY_EMULATOR"])
    if spec is None or spec.loader is None:
        raise ImportError("the emulator of bytespike-migrate verify is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


class _Intercept:
    def __init__(self) -> None:
        self.emulation = _load_emulator()
        with open(os.environ["BYTESPIKE_VERIFY_CONTRACT"], encoding="utf-8") as contract:
            self.emulator = self.emulation.Emulator(json.load(contract))
        self.records = os.environ["BYTESPIKE_VERIFY_RECORDS"]
        self.root = os.path.realpath(os.environ.get("BYTESPIKE_VERIFY_ROOT") or os.getcwd())
        paths = sysconfig.get_paths()
        self.skipped = tuple(os.path.realpath(p) + os.sep for p in {paths["stdlib"], paths["platstdlib"], _HERE})
        self.files: dict[str, str | None] = {}

    def answers(self, url: str) -> bool:
        return self.emulator.service(url) is not None

    def site(self) -> dict:
        """The first frame of the user's own code: under the repository, not in a virtualenv's packages."""
        frame: FrameType | None = sys._getframe(2)
        while frame is not None:
            shown = self._shown(frame.f_code.co_filename)
            if shown is not None:
                return {"path": shown, "line": frame.f_lineno}
            frame = frame.f_back
        return {"path": None, "line": None}

    def _shown(self, filename: str) -> str | None:
        if filename not in self.files:
            shown = None
            if not filename.startswith("<"):
                real = os.path.realpath(filename)
                parts = real.split(os.sep)
                if (
                    real.startswith(self.root + os.sep)
                    and not real.startswith(self.skipped)
                    and "site-packages" not in parts
                    and "dist-packages" not in parts
                ):
                    shown = os.path.relpath(real, self.root).replace(os.sep, "/")
            self.files[filename] = shown
        return self.files[filename]

    def emulate(self, method: str, url: str, headers: Mapping[str, str], body: bytes, site: dict) -> Answer:
        request = self.emulation.Request(method, url, {k.lower(): v for k, v in headers.items()}, body or b"")
        answer = self.emulator.handle(request, os.environ)
        with open(self.records, "a", encoding="utf-8") as out:
            out.write(json.dumps({"site": site, **answer.record}) + "\n")
        return answer


def _patch_httpcore(module: ModuleType, intercept: _Intercept) -> None:
    """httpx (and httpx2, which openai 3.x sends through) hands every request to the connection pool of httpcore
    (httpcore2): answered there, below httpx's transports, so that a test's own mocks (respx, pytest-httpx,
    httpx.MockTransport) still see the request first and answer it, and nothing then reaches the emulation."""
    sync_send = module.ConnectionPool.handle_request
    async_send = module.AsyncConnectionPool.handle_async_request

    def headers_of(request: Any) -> dict[str, str]:
        return {k.decode("latin-1"): v.decode("latin-1") for k, v in request.headers}

    def response(answer: Answer) -> Any:
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers.items()]
        return module.Response(answer.status, headers=headers, content=answer.body)

    def handle_request(self: Any, request: Any) -> Any:
        url = bytes(request.url).decode("latin-1")
        if not intercept.answers(url):
            return sync_send(self, request)
        body = b"".join(request.stream)
        answer = intercept.emulate(request.method.decode("ascii"), url, headers_of(request), body, intercept.site())
        return response(answer)

    async def handle_async_request(self: Any, request: Any) -> Any:
        url = bytes(request.url).decode("latin-1")
        if not intercept.answers(url):
            return await async_send(self, request)
        site = intercept.site()
        body = b"".join([chunk async for chunk in request.stream])
        answer = intercept.emulate(request.method.decode("ascii"), url, headers_of(request), body, site)
        return response(answer)

    module.ConnectionPool.handle_request = handle_request
    module.AsyncConnectionPool.handle_async_request = handle_async_request


def _patch_requests(module: ModuleType, intercept: _Intercept) -> None:
    adapters = importlib.import_module("requests.adapters")
    structures = importlib.import_module("requests.structures")
    utils = importlib.import_module("requests.utils")
    send = adapters.HTTPAdapter.send

    def patched(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not intercept.answers(request.url):
            return send(self, request, *args, **kwargs)
        body = request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif body is not None and not isinstance(body, bytes):
            body = b""  # a file or generator being uploaded: no model id to read in it
        answer = intercept.emulate(request.method, request.url, request.headers, body, intercept.site())
        response = module.models.Response()
        response.status_code = answer.status
        response.headers = structures.CaseInsensitiveDict(answer.headers)
        response.raw = io.BytesIO(answer.body)
        response._content = answer.body
        response._content_consumed = True  # iter_content / iter_lines replay the body (stream=True too)
        response.url = request.url
        response.request = request
        response.reason = "OK" if answer.status == 200 else "Error"
        response.encoding = utils.get_encoding_from_headers(response.headers)
        response.connection = self
        return response

    adapters.HTTPAdapter.send = patched


_PATCHES = {"httpcore": _patch_httpcore, "httpcore2": _patch_httpcore, "requests": _patch_requests}


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Patches an HTTP client right after its package is first imported."""

    def __init__(self, intercept: _Intercept) -> None:
        self.intercept = intercept

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None) -> ModuleSpec | None:
        if name not in _PATCHES:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = _PatchingLoader(spec.loader, self.intercept, name)
                return spec
            if spec is not None:
                return spec
        return None


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader, intercept: _Intercept, name: str) -> None:
        self.loader, self.intercept, self.name = loader, intercept, name

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        _PATCHES[self.name](module, self.intercept)

    def __getattr__(self, name: str) -> Any:  # is_package, get_resource_reader, …: the real loader's
        return getattr(self.loader, name)


def _install() -> None:
    if not os.environ.get("BYTESPIKE_VERIFY_RECORDS"):
        return
    intercept = _Intercept()
    for name, patch in _PATCHES.items():
        if name in sys.modules:
            patch(sys.modules[name], intercept)
    sys.meta_path.insert(0, _PatchOnImport(intercept))


def _chain() -> None:
    """Run the sitecustomize this one stands in front of, if the environment has one."""
    for entry in sys.path:
        folder = os.path.realpath(entry or os.getcwd())
        if folder == os.path.realpath(_HERE):
            continue
        candidate = os.path.join(folder, "sitecustomize.py")
        if os.path.isfile(candidate):
            spec = importlib.util.spec_from_file_location("sitecustomize", candidate)
            if spec is not None and spec.loader is not None:
                module = importlib.util.module_from_spec(spec)
                sys.modules["sitecustomize"] = module
                spec.loader.exec_module(module)
            return


_install()
_chain()
