"""Benchmark: `bytespike-migrate diff` against baselines measured in the same run.

Trees:
  sparse   the running Python's standard library (*.py), copied into a git repository: ~1.8k files, no OpenAI
  dense    ~1,000 generated modules that all use the OpenAI SDK (and all change)
  project  a real project given with --project PATH (its *.py files, copied into a git repository), such as
           a checkout of openai-agents-python
  ts       ~1,000 generated TypeScript/JavaScript modules: a tenth use openai-node (a shared client, model
           constants imported across modules, a client that stays on OpenAI), the rest never mention it

Baselines:
  grep    `grep -rl` over the same files: the cost of reading the bytes
  libcst  a single-process LibCST parse of the same files: what a naive codemod pays
  tree-sitter  (ts tree) a single-process tree-sitter parse of every file: what a naive TS codemod pays

The tool runs with --no-cache (a cold run, what the first `diff` pays), and again with its cache warm (what
`apply` after `diff`, or a second `diff`, pays).

Targets on 2 cores: sparse ≤ 4x grep, dense ≤ 1.0x the single-process LibCST parse, project ≤ 0.5x,
warm ≤ 0.2x cold.

    python bench/run.py [--repeat 3] [--dense-files 1000] [--skip-libcst-sparse] [--ts-files 1000] [--project PATH]

Every timing is the wall time of a whole process (start-up included), best of --repeat interleaved
rounds (the LibCST baseline runs once: it takes seconds, and minutes on the sparse tree).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

PARSE_ALL = """
import sys, libcst
for name in sys.stdin.read().split("\\0"):
    if name:
        try:
            libcst.parse_module(open(name, "rb").read())
        except Exception:
            pass
"""

TEMPLATE = '''"""Service module {i}: ticket triage with the OpenAI SDK."""

import json
import os
from dataclasses import dataclass

from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"], timeout={timeout})
MODEL = "{model}"


@dataclass
class Ticket{i}:
    subject: str
    body: str
    priority: int = {priority}

    def prompt(self) -> str:
        return f"Subject: {{self.subject}}\\n\\n{{self.body}}"


def classify_{i}(ticket: Ticket{i}) -> dict:
    """Ask the model for a category and an urgency score."""
    response = client.chat.completions.create(
        model=MODEL,
        temperature=0.{priority},
        response_format={{"type": "json_object"}},
        messages=[
            {{"role": "system", "content": "Classify support tickets. Answer in JSON."}},
            {{"role": "user", "content": ticket.prompt()}},
        ],
    )
    return json.loads(response.choices[0].message.content or "{{}}")


def summarize_{i}(tickets: list[Ticket{i}], model: str = "gpt-4o-mini") -> str:
    text = "\\n\\n".join(t.prompt() for t in tickets)
    response = client.chat.completions.create(model=model, messages=[{{"role": "user", "content": text}}])
    return response.choices[0].message.content or ""


def route_{i}(ticket: Ticket{i}) -> str:
    result = classify_{i}(ticket)
    if result.get("urgency", 0) > {priority}:
        return "escalate"
    if result.get("category") in ("billing", "refund"):
        return "billing"
    return "queue-" + str(ticket.priority)


HELPERS_{i} = {{
    "default": MODEL,
    "fallback": "gpt-5-mini",
    "reasoning": "o1",
}}
'''


PARSE_TS = """
import sys
from migrate_cli.typescript.syntax import language_of, parse
for name in sys.stdin.read().split("\\0"):
    if name:
        parse(open(name, encoding="utf-8").read(), language_of(name))
"""

TS_CLIENT = """import OpenAI from "openai";

export const client{i} = new OpenAI({{
  apiKey: process.env.OPENAI_API_KEY,
  timeout: {timeout},
}});
"""

TS_MODELS = """export const CHAT_MODEL = "gpt-4o-mini";
export const REPORT_MODEL = "gpt-4o";
export type ChatModel = "gpt-4o-mini" | "gpt-4o";
"""

TS_USER = """import {{ client{c} }} from "../clients/client{c}";
import {{ CHAT_MODEL, type ChatModel }} from "../models";

export interface Ticket{i} {{
  subject: string;
  body: string;
}}

export async function classify{i}(ticket: Ticket{i}, model: ChatModel = CHAT_MODEL): Promise<string> {{
  const response = await client{c}.chat.completions.create({{
    model,
    messages: [
      {{ role: "system", content: "Classify support tickets." }},
      {{ role: "user", content: `${{ticket.subject}}\\n\\n${{ticket.body}}` }},
    ],
  }});
  return response.choices[0].message.content ?? "";
}}
"""

TS_KEPT = """import OpenAI from "openai";

const store = new OpenAI();

export async function upload{i}(file: File) {{
  const stored = await store.files.create({{ file, purpose: "assistants" }});
  return store.chat.completions.create({{ model: "gpt-4o", messages: [{{ role: "user", content: stored.id }}] }});
}}
"""

TS_PLAIN = """import {{ useState }} from "react";

export interface Props{i} {{
  title: string;
  items: string[];
}}

export function List{i}({{ title, items }}: Props{i}) {{
  const [open, setOpen] = useState(false);
  const shown = open ? items : items.slice(0, {limit});
  return {{ title, shown, toggle: () => setOpen(!open) }};
}}

export const format{i} = (value: number): string => value.toFixed({digits});
"""


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def make_repo(path: Path) -> None:
    git("init", "-q", cwd=path)
    git("add", "-A", cwd=path)
    git("-c", "user.email=bench@example.com", "-c", "user.name=bench", "commit", "-q", "-m", "tree", cwd=path)


def sparse_tree(target: Path) -> Path:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for source in stdlib.rglob("*.py"):
        rel = source.relative_to(stdlib)
        if rel.parts[0] in ("site-packages", "__pycache__") or "__pycache__" in rel.parts:
            continue
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
    make_repo(target)
    return target


def dense_tree(target: Path, count: int) -> Path:
    models = ["gpt-4o", "gpt-4o-mini", "gpt-5", "gpt-5-nano"]
    for i in range(count):
        dest = target / f"pkg{i % 20:02d}" / f"service_{i:04d}.py"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(TEMPLATE.format(i=i, timeout=10 + i % 50, model=models[i % 4], priority=1 + i % 8))
    make_repo(target)
    return target


def ts_tree(target: Path, count: int) -> Path:
    """A tenth of the modules use openai-node; the rest are ordinary application code."""
    (target / "src" / "clients").mkdir(parents=True)
    (target / "src" / "models.ts").write_text(TS_MODELS)
    clients = max(1, count // 100)
    for c in range(clients):
        (target / "src" / "clients" / f"client{c}.ts").write_text(TS_CLIENT.format(i=c, timeout=1000 + c))
    for i in range(count):
        folder = target / "src" / f"feature{i % 20:02d}"
        folder.mkdir(exist_ok=True)
        if i % 10 == 0:
            (folder / f"classify{i}.ts").write_text(TS_USER.format(i=i, c=i % clients))
        elif i % 10 == 5:
            (folder / f"upload{i}.mjs").write_text(TS_KEPT.format(i=i).replace(": File", ""))
        else:
            (folder / f"list{i}.tsx").write_text(TS_PLAIN.format(i=i, limit=3 + i % 7, digits=i % 4))
    make_repo(target)
    return target


def timed(command: list[str], *, cwd: Path, stdin: bytes | None = None, ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{command[:3]} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def interleaved(commands: dict[str, list[str]], repeat: int, *, cwd: Path) -> dict[str, float]:
    """Best of `repeat` rounds, each round running every command once: a slow spell of the machine then
    weighs on the tool and its baselines alike instead of on whichever ran during it."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        for label, command in commands.items():
            seconds = timed(command, cwd=cwd, ok=(0, 1))
            best[label] = min(best.get(label, seconds), seconds)
    return best


def peak_memory(command: list[str], *, cwd: Path) -> float:
    """The largest resident set of the command's processes (the main one or a worker), in MB."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, capture_output=True, text=True)
    return int(done.stdout.strip() or 0) / 1024


def project_tree(source: Path, target: Path) -> Path:
    for path in source.rglob("*.py"):
        rel = path.relative_to(source)
        if ".git" in rel.parts or path.is_symlink():
            continue
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    make_repo(target)
    return target


def tool_command() -> list[str]:
    """The console script users run, from the environment this Python belongs to; `-m` without one."""
    script = Path(sys.executable).with_name("bytespike-migrate")
    return [str(script)] if script.exists() else [sys.executable, "-m", "migrate_cli"]


TS_GLOBS = ("*.ts", "*.tsx", "*.mts", "*.cts", "*.js", "*.jsx", "*.mjs", "*.cjs")


def files_of(tree: Path, globs: tuple[str, ...] = ("*.py",)) -> list[str]:
    return sorted(str(p) for glob in globs for p in tree.rglob(glob) if ".git" not in p.parts)


def measure(name: str, tree: Path, repeat: int, with_libcst: bool, typescript: bool = False) -> dict[str, float]:
    globs = TS_GLOBS if typescript else ("*.py",)
    files = files_of(tree, globs)
    size = sum(os.path.getsize(f) for f in files)
    print(f"\n{name}: {len(files)} files, {size / 1e6:.1f} MB", flush=True)
    tool = [*tool_command(), "diff", ".", "--no-progress"]
    grep = [
        "grep",
        "-rl",
        *(f"--include={g}" for g in globs),
        "--exclude-dir=.git",
        "-e",
        "openai",
        "-e",
        "OpenAI",
        ".",
    ]
    results = interleaved(
        {
            "grep": grep,
            "tool, --jobs 1": tool + ["--jobs", "1", "--no-cache"],
            "tool, --jobs 2": tool + ["--jobs", "2", "--no-cache"],
            "tool, warm cache": tool + ["--jobs", "2"],
        },
        repeat,
        cwd=tree,
    )
    results["peak MB"] = peak_memory(tool + ["--jobs", "2", "--no-cache"], cwd=tree)
    if typescript:
        stdin = "\0".join(files).encode()
        results["tree-sitter parse"] = timed([sys.executable, "-c", PARSE_TS], cwd=tree, stdin=stdin)
    if with_libcst:
        stdin = "\0".join(files).encode()
        results["libcst parse"] = timed([sys.executable, "-c", PARSE_ALL], cwd=tree, stdin=stdin)
    for label, seconds in results.items():
        unit = "MB" if label.endswith("MB") else "s"
        print(f"  {label:<16} {seconds:8.3f} {unit}", flush=True)
    return results


def compile_tool() -> None:
    """Bytecode for the tool's own modules, as `pip install` writes it: a source checkout run with
    PYTHONDONTWRITEBYTECODE set would otherwise compile every module again on each start (0.1 s)."""
    import compileall

    import migrate_cli

    package = Path(migrate_cli.__file__).resolve().parent
    for folder in (package, package.parent / "rules" / "python"):
        if folder.is_dir():
            compileall.compile_dir(str(folder), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--dense-files", type=int, default=1000)
    parser.add_argument("--ts-files", type=int, default=1000)
    parser.add_argument(
        "--skip-libcst-sparse", action="store_true", help="skip the (slow, ~1 minute) LibCST parse of the sparse tree"
    )
    parser.add_argument("--project", type=Path, help="a real project's folder to measure too")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    compile_tool()
    with tempfile.TemporaryDirectory(prefix="bytespike-bench-") as tmp:
        sparse = measure("sparse (stdlib)", sparse_tree(Path(tmp, "sparse")), args.repeat, not args.skip_libcst_sparse)
        dense = measure(
            "dense (generated SDK users)", dense_tree(Path(tmp, "dense"), args.dense_files), args.repeat, True
        )
        project = None
        if args.project is not None:
            project = measure(
                f"project ({args.project.name})", project_tree(args.project, Path(tmp, "project")), args.repeat, True
            )
        ts = measure(
            "ts (generated TypeScript, a tenth SDK users)",
            ts_tree(Path(tmp, "ts"), args.ts_files),
            args.repeat,
            False,
            typescript=True,
        )
    print("\nratios (lower is better)")
    tool = "tool, --jobs 2"
    print(f"  sparse: tool / grep          = {sparse[tool] / sparse['grep']:6.2f}x   (target <= 4x)")
    if "libcst parse" in sparse:
        print(f"  sparse: tool / libcst parse  = {sparse[tool] / sparse['libcst parse']:6.3f}x")
    print(f"  dense:  tool / libcst parse  = {dense[tool] / dense['libcst parse']:6.2f}x   (target <= 1.0x)")
    print(f"  dense:  tool / grep          = {dense[tool] / dense['grep']:6.2f}x")
    print(f"  dense:  --jobs 1 / --jobs 2  = {dense['tool, --jobs 1'] / dense[tool]:6.2f}x")
    print(f"  ts:     tool / grep          = {ts[tool] / ts['grep']:6.2f}x")
    print(f"  ts:     tool / tree-sitter   = {ts[tool] / ts['tree-sitter parse']:6.2f}x   (parse of every file)")
    print(f"  dense:  warm / cold          = {dense['tool, warm cache'] / dense[tool]:6.2f}x   (target <= 0.2x)")
    print(f"  sparse: warm / cold          = {sparse['tool, warm cache'] / sparse[tool]:6.2f}x")
    if project is not None:
        print(f"  project: tool / libcst parse = {project[tool] / project['libcst parse']:6.2f}x   (target <= 0.5x)")
        warm = project["tool, warm cache"] / project[tool]
        print(f"  project: warm / cold         = {warm:6.2f}x   (target <= 0.2x)")
    for name, tree in (("sparse", sparse), ("dense", dense), ("project", project)):
        if tree is not None:
            print(f"  {name}: peak memory {tree['peak MB']:.0f} MB")


if __name__ == "__main__":
    main()
