"""Run COMMAND with its HTTP traffic to OpenAI, Anthropic and ByteSpike answered by the local emulation, and
collect what it sent.

Python processes load `intercept/sitecustomize.py` (its folder first on PYTHONPATH) and emulate in-process;
Node processes load `intercept/hook.cjs` (NODE_OPTIONS=--require) and hand each request to a small HTTP
server on 127.0.0.1 in this process, so that both languages are answered by the one emulator. Every process
appends its requests to one JSON-lines file (BYTESPIKE_VERIFY_RECORDS).

COMMAND runs in its own process group: on Ctrl-C, SIGTERM or --timeout the whole group is stopped (SIGINT,
then SIGTERM, then SIGKILL), and whatever it left running when it exited is stopped too.
"""

from __future__ import annotations

import base64
import json
import os
import shlex
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.safety import interrupts
from migrate_cli.verify import contract as contracts
from migrate_cli.verify.emulator import Emulator, Request
from migrate_cli.verify.report import VerifyReport, read_records

INTERCEPT = Path(__file__).resolve().parent / "intercept"
EMULATOR = Path(__file__).resolve().parent / "emulator.py"
# How long a stopped COMMAND gets to end on SIGINT, then on SIGTERM, before SIGKILL.
GRACE_SECONDS = 2.0


class CommandNotRun(Exception):
    """COMMAND could not be started (not found, not executable); the message says which."""


@dataclass
class Setup:
    env: dict[str, str]
    records: Path


def environment(base: Mapping[str, str], folder: Path, contract: dict[str, Any], root: Path, server: str) -> Setup:
    """COMMAND's environment: the user's, with the interception added in front of what it already has."""
    records = folder / "requests.jsonl"
    records.touch()
    contract_file = folder / "contract.json"
    contract_file.write_text(json.dumps(contract), encoding="utf-8")
    env = dict(base)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(INTERCEPT), base.get("PYTHONPATH", "")) if p)
    env["NODE_OPTIONS"] = " ".join(
        p for p in (base.get("NODE_OPTIONS", ""), f"--require {_node_quoted(str(INTERCEPT / 'hook.cjs'))}") if p
    )
    hosts = sorted(h for service in ("openai", "anthropic", "bytespike") for h in contract[service]["hosts"])
    env.update(
        {
            "BYTESPIKE_VERIFY_RECORDS": str(records),
            "BYTESPIKE_VERIFY_CONTRACT": str(contract_file),
            "BYTESPIKE_VERIFY_EMULATOR": str(EMULATOR),
            "BYTESPIKE_VERIFY_ROOT": str(root),
            "BYTESPIKE_VERIFY_SERVER": server,
            "BYTESPIKE_VERIFY_HOSTS": ",".join(hosts),
        }
    )
    return Setup(env, records)


def _node_quoted(value: str) -> str:
    """A value for NODE_OPTIONS, which splits on spaces unless quoted."""
    return value if " " not in value else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _NodeBridge:
    """The emulation on 127.0.0.1 for the Node hook: POST a request as JSON, get the service's answer."""

    def __init__(self, emulator: Emulator, records: Path, environ: Mapping[str, str]) -> None:
        lock = threading.Lock()
        token = base64.urlsafe_b64encode(os.urandom(12)).decode()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the name http.server calls
                if self.path == f"/{token}/raw":
                    return self._raw()
                if self.path != f"/{token}":
                    self.send_error(404)
                    return
                asked = json.loads(self._body())
                request = Request(
                    asked["method"],
                    asked["url"],
                    {k.lower(): v for k, v in asked["headers"].items()},
                    base64.b64decode(asked.get("body") or ""),
                )
                self._answer(request, asked.get("site"))

            do_GET = do_DELETE = do_PUT = do_PATCH = do_POST

            def _raw(self) -> None:
                """A request sent as it was (node-fetch's, through `https.request`): its URL and site in headers."""
                url = self.headers.get("x-bytespike-verify-url", "")
                site = json.loads(self.headers.get("x-bytespike-verify-site") or "null")
                headers = {
                    k.lower(): v
                    for k, v in self.headers.items()
                    if not k.lower().startswith("x-bytespike-verify-") and k.lower() not in ("host", "connection")
                }
                self._answer(Request(self.command, url, headers, self._body()), site)

            def _body(self) -> bytes:
                if self.headers.get("transfer-encoding", "").lower() != "chunked":
                    return self.rfile.read(int(self.headers.get("content-length", 0)))
                chunks: list[bytes] = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        self.rfile.readline()
                        return b"".join(chunks)
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()

            def _answer(self, request: Request, site: Any) -> None:
                answer = emulator.handle(request, environ)
                with lock, open(records, "a", encoding="utf-8") as out:
                    out.write(json.dumps({"site": site, **answer.record}) + "\n")
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, format: str, *args: Any) -> None:  # COMMAND's output stays its own
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/{token}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _NodeBridge:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def run(
    argv: list[str],
    providers: list[Ruleset],
    root: Path,
    timeout: float | None = None,
    environ: Mapping[str, str] | None = None,
) -> VerifyReport:
    """Run COMMAND (argv) in `root` and report the requests it made. Raises CommandNotRun when it cannot
    start; on Ctrl-C or SIGTERM the report says it was interrupted (the caller exits 130)."""
    environ = dict(os.environ if environ is None else environ)
    contract = contracts.build(providers)
    emulator = Emulator(contract)
    report = VerifyReport(argv=list(argv), exit_code=None, timeout=timeout)
    with tempfile.TemporaryDirectory(prefix="bytespike-verify-") as scratch:
        records = Path(scratch) / "requests.jsonl"
        with _NodeBridge(emulator, records, environ) as bridge:
            setup = environment(environ, Path(scratch), contract, root, bridge.url)
            try:
                process = subprocess.Popen(argv, cwd=root, env=setup.env, start_new_session=True)
            except OSError as exc:
                raise CommandNotRun(f"cannot run {shlex.join(argv)}: {exc.strerror or exc}") from None
            try:
                report.exit_code = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                report.stopped = "timeout"
                _stop(process)
            except (KeyboardInterrupt, interrupts.Interrupted):
                report.stopped = "interrupted"
                with interrupts.deferred():  # a second Ctrl-C does not leave the group running
                    _stop(process)
            finally:
                _kill_group(process.pid, signal.SIGKILL)  # what COMMAND left running in the background
        report.requests = read_records(str(setup.records))
    return report


def _stop(process: subprocess.Popen[bytes]) -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        _kill_group(process.pid, signum)
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return
            time.sleep(0.05)
    _kill_group(process.pid, signal.SIGKILL)
    process.wait()


def _kill_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except (ProcessLookupError, PermissionError):
        pass
