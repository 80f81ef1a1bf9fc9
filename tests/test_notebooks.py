"""Notebooks: both providers' edits in one cell, lines added after a cell's last statement, round trips."""

from __future__ import annotations

import ast
import json

from conftest import Repo, run_cli


def _notebook(*cells: list[str]) -> str:
    return (
        json.dumps(
            {
                "cells": [
                    {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}
                    for source in cells
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            },
            indent=1,
        )
        + "\n"
    )


def _cells(repo: Repo, name: str) -> list[str]:
    return ["".join(cell["source"]) for cell in json.loads(repo.read(name))["cells"]]


def _apply_twice_and_revert(repo: Repo, name: str) -> None:
    original = repo.read(name)
    repo.commit()
    assert run_cli("apply", ".", "-j", "1", cwd=repo.path).code == 0
    first = repo.read(name)
    repo.commit("migrated")
    again = run_cli("apply", ".", "-j", "1", "--format", "json", cwd=repo.path)
    assert again.json()["summary"]["files_changed"] == 0, "a second apply changed the notebook"
    for cell in _cells(repo, name):
        ast.parse(cell)  # every cell parses on its own
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert repo.read(name) == original
    repo.write(name, first)  # leave the migrated notebook for the caller's assertions


def test_one_cell_with_both_sdks_moves_both_clients_in_one_apply(repo: Repo):
    repo.write(
        "both.ipynb",
        _notebook(
            [
                "import openai, anthropic\n",
                "c = openai.OpenAI()\n",
                "d = anthropic.Anthropic()\n",
                "c.models.list(), d.models.list()\n",
            ]
        ),
    )
    _apply_twice_and_revert(repo, "both.ipynb")
    (cell,) = _cells(repo, "both.ipynb")
    assert 'openai.OpenAI(base_url="https://llm.bytespike.ai/v1"' in cell
    assert 'anthropic.Anthropic(base_url="https://llm.bytespike.ai"' in cell
    assert cell.count("import os") == 1


def test_the_endpoint_goes_after_the_key_in_its_own_cell(repo: Repo):
    """`openai.api_key = …` is the last line of an indented block ending cell 1: the endpoint goes there, not at
    the head of cell 2 (an indentation error), also with a markdown cell between them."""
    notebook = json.loads(
        _notebook(
            ["import os, openai\n", "if True:\n", '    openai.api_key = os.environ["OPENAI_API_KEY"]'],
            ['x = openai.chat.completions.create(model="gpt-4o", messages=[])\n'],
        )
    )
    notebook["cells"].insert(1, {"cell_type": "markdown", "metadata": {}, "source": ["notes"]})
    repo.write("key.ipynb", json.dumps(notebook, indent=1) + "\n")
    _apply_twice_and_revert(repo, "key.ipynb")
    first, notes, second = _cells(repo, "key.ipynb")
    assert first.endswith('    openai.base_url = "https://llm.bytespike.ai/v1/"')
    assert second == 'x = openai.chat.completions.create(model="gpt-5-4", messages=[])\n' and notes == "notes"


def test_the_key_on_the_last_line_of_the_last_cell_gets_its_endpoint(repo: Repo):
    repo.write(
        "last.ipynb",
        _notebook(
            ["import os, openai\n", "import anthropic\n"],
            [
                "d = anthropic.Anthropic()\n",
                "count = lambda: d.models.list()\n",
                "ask = lambda: openai.chat.completions.create(model='gpt-4o', messages=[])\n",
                "openai.api_key = os.environ['OPENAI_API_KEY']",
            ],
        ),
    )
    _apply_twice_and_revert(repo, "last.ipynb")
    _, second = _cells(repo, "last.ipynb")
    assert "anthropic.Anthropic(base_url=" in second
    assert second.endswith(
        "openai.api_key = os.environ['BYTESPIKE_API_KEY']\nopenai.base_url = 'https://llm.bytespike.ai/v1/'"
    )


def test_lines_a_finding_quotes_are_lines_of_the_notebook(repo: Repo):
    """A message that names a site (`(demo.ipynb:N)`, `(line N)`) gives the line of the notebook's file, as the
    finding's own position does, not the line of the code cells joined."""
    text = _notebook(
        ["import openai\n", "\n", "client = openai.OpenAI()\n"],
        ["x = 1\n", "y = 2\n"],
        ["reply = client.chat.completions.create(\n", '    model="gpt-4-turbo",\n', "    messages=[],\n", ")\n"],
    )
    repo.write("demo.ipynb", text)
    repo.commit()
    done = run_cli("scan", ".", "--format", "json", cwd=repo.path)
    [kept] = [f for f in done.json()["findings"] if f["rule"] == "client-kept-on-openai"]
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "gpt-4-turbo" in row)
    assert f"(demo.ipynb:{line})" in kept["message"], kept["message"]


def test_a_config_list_two_agents_read_is_edited_once(repo: Repo):
    """From mem0's AutoGen notebook: the rules edit a `config_list` once for each agent that reads it; the
    notebook stopped the run with an internal error (overlapping edits), where a module took the edit once."""
    repo.write(
        "agents.ipynb",
        _notebook(
            [
                "import os\n",
                "from autogen import AssistantAgent, UserProxyAgent\n",
                'llm_config = {"config_list": [{"model": "gpt-4o", "api_key": os.environ["OPENAI_API_KEY"]}]}\n',
                'assistant = AssistantAgent(name="assistant", llm_config=llm_config)\n',
                'user_proxy = UserProxyAgent(name="user_proxy", llm_config=llm_config)\n',
            ]
        ),
    )
    _apply_twice_and_revert(repo, "agents.ipynb")
    (cell,) = _cells(repo, "agents.ipynb")
    assert cell.count('"model": "gpt-5-4"') == 1 and cell.count("BYTESPIKE_API_KEY") == 1


def test_lines_a_finding_quotes_of_another_notebook_are_that_notebooks():
    """From gpt-author: a finding of one file that names a site of a notebook gave the line of the notebook's code
    cells joined (a blank line, a `return`), not of its file; its own quotes stay as they were placed."""
    from migrate_cli.formats.notebook import retell_quoted_lines
    from migrate_cli.pipeline.result import FileResult
    from migrate_cli.reporters.findings import Finding

    text = _notebook(
        ["import openai\n", "\n", "\n", "x = 1\n"],
        ["y = 2\n", "z = 3\n"],
        ["def gen(p):\n", "    return openai.chat.completions.create(\n", "        model='gpt-4', messages=[])\n"],
    )
    module_line = 4 + 1 + 2 + 1 + 3  # cell 1 and its closing blank line, cell 2 and its, the request's third line
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "'gpt-4'" in row)
    quote = f"'gpt-4' (b.ipynb:{module_line})"
    result = FileResult("a.ipynb", findings=[Finding("a.ipynb", 3, 1, "client-kept-on-openai", quote)])
    own = FileResult(
        "b.ipynb", findings=[Finding("b.ipynb", line, 1, "client-kept-on-openai", f"'gpt-4' (b.ipynb:{line})")]
    )
    retell_quoted_lines([result, own], {"b.ipynb": text.encode()}.get)
    assert result.findings[0].message == f"'gpt-4' (b.ipynb:{line})"
    assert own.findings[0].message == f"'gpt-4' (b.ipynb:{line})"


def test_notebooks_whose_functions_use_the_module_client_are_separate_programs(repo: Repo):
    """From gpt-author: two notebooks each calling the openai module's client in a function were one program (as
    modules a program may import together are), so one's unmapped id kept the other on OpenAI; a notebook runs
    in a kernel of its own."""
    body = ["def gen(p):\n", "    return openai.chat.completions.create(model='{}', messages=[])\n"]
    repo.write("a.ipynb", _notebook(["import openai\n"], [line.format("gpt-4o") for line in body]))
    repo.write("b.ipynb", _notebook(["import openai\n"], [line.format("gpt-4") for line in body]))
    repo.commit()
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    assert "gpt-5-4" in repo.read("a.ipynb").decode()
    assert "'gpt-4'" in repo.read("b.ipynb").decode()


def test_a_python_dialects_notebook_is_read_and_another_languages_is_not(repo: Repo):
    """The Anthropic cookbook's notebooks name Coconut (a Python superset) as their kernel's language: their
    cells are Python, and a check that read only `python` kernels skipped them (a false error, three notebooks
    left unmigrated). A tslab notebook's cells are TypeScript: skipped, and said so."""
    coconut = json.loads(
        _notebook(
            ["import anthropic\n", "client = anthropic.Anthropic()\n"],
            ["client.messages.create(model='claude-3-7-sonnet-20250219', max_tokens=9, messages=[])\n"],
        )
    )
    coconut["metadata"] = {"kernelspec": {"language": "coconut", "name": "coconut"}}
    repo.write("cookbook.ipynb", json.dumps(coconut, indent=1) + "\n")
    tslab = json.loads(_notebook(['import OpenAI from "openai";\n', "const oa = new OpenAI();\n"]))
    tslab["metadata"] = {"kernelspec": {"language": "typescript", "name": "tslab"}}
    repo.write("demo.ipynb", json.dumps(tslab, indent=1) + "\n")
    repo.commit()
    done = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert "BYTESPIKE_API_KEY" in _cells(repo, "cookbook.ipynb")[0]
    assert "claude-sonnet-4-6" in _cells(repo, "cookbook.ipynb")[1]
    by_path = {f["path"]: f["message"] for f in done.json()["findings"] if f["rule"] == "parse-error"}
    assert list(by_path) == ["demo.ipynb"] and "a typescript notebook" in by_path["demo.ipynb"], by_path


def test_a_client_made_in_a_cell_that_captures_its_output_moves_with_its_requests(repo: Repo):
    """A `%%capture` cell runs as Python: it was skipped whole, and its client stayed while the id of the request
    in the next cell moved (every client the tool could see moved), sending a ByteSpike id to OpenAI."""
    source = _notebook(
        ["%%capture\n", "from openai import OpenAI\n", "client = OpenAI()\n"],
        ['r = client.chat.completions.create(model="gpt-4o", messages=[])\n'],
        ["%%bash\n", "echo gpt-4o\n"],
    )
    repo.write("demo.ipynb", source)
    repo.write(
        "other.py", 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n'
    )
    repo.commit()
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    capture, request, bash = _cells(repo, "demo.ipynb")
    assert capture.startswith("%%capture\n") and 'OpenAI(base_url="https://llm.bytespike.ai/v1"' in capture
    assert 'model="gpt-5-4"' in request
    assert bash == "%%bash\necho gpt-4o\n"
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert repo.read("demo.ipynb").decode() == source


def test_values_notebooks_share_through_ipython_magics_stay_with_what_reads_them(repo: Repo):
    """`%store MODEL_NAME` in a setup notebook that lessons read back (`%store -r MODEL_NAME`, their clients left
    whole), and `%run common.py` that runs a module in a notebook's namespace: the id was mapped and its client moved,
    while the lessons' clients still sent it to Anthropic (404 for a ByteSpike id). The magics are flows now."""
    ask = "client.messages.create(model=MODEL_NAME, max_tokens=9, messages=[])\n"
    repo.write(
        "course/00_setup.ipynb",
        _notebook(
            ['MODEL_NAME = "claude-3-5-haiku-20241022"\n', "%store MODEL_NAME\n"],
            ["import anthropic\n", "client = anthropic.Anthropic()\n", ask],
        ),
    )
    repo.write(
        "course/01_lesson.ipynb",
        _notebook(
            ["import anthropic\n", "%store -r MODEL_NAME\n", "client = anthropic.Anthropic(api_key=input())\n", ask]
        ),
    )
    repo.write(
        "lib/common.py",
        'import anthropic\n\nMODEL_NAME = "claude-3-5-haiku-20241022"\nclient = anthropic.Anthropic()\n' + ask,
    )
    repo.write(
        "runs/lesson.ipynb",
        _notebook(
            [
                "%run -i ../lib/common.py\n",
                "other = anthropic.Anthropic(api_key=input())\n",
                ask.replace("client", "other"),
            ]
        ),
    )
    repo.commit()
    done = run_cli("diff", ".", "--format", "json", cwd=repo.path)
    assert done.code == 0, done.stdout + done.stderr
    findings = done.json()["findings"]
    stored = [f for f in findings if f["rule"] == "model-shared" and f["path"] == "course/00_setup.ipynb"]
    assert stored and "(`%store MODEL_NAME` at course/00_setup.ipynb:" in stored[0]["message"]
    assert any(f["rule"] == "model-shared" and f["path"] == "lib/common.py" for f in findings)


def test_a_real_key_an_env_magic_sets_is_reported_and_never_shown(repo: Repo):
    """`%env OPENAI_API_KEY=sk-proj-…` is masked for parsing, so no rule saw it: the key written in the notebook was
    not reported, where the same key in `os.environ[…] = "…"` is an error. It is, redacted."""
    key = "sk-proj-" + "Zx9Qw8Er7Ty6" * 4
    repo.write("nb.ipynb", _notebook([f"%env OPENAI_API_KEY={key}\n", "import openai\n", "openai.models.list()\n"]))
    repo.commit()
    done = run_cli("diff", ".", "--format", "json", cwd=repo.path)
    found = [f for f in done.json()["findings"] if f["rule"] == "hardcoded-key"]
    assert [(f["path"], f["line"]) for f in found] == [("nb.ipynb", 9)]  # the line of the JSON file
    assert key not in done.stdout and key not in done.stderr
