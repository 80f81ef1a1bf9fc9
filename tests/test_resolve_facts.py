"""The resolution on facts written by hand: one rule at a time, without parsing anything.

`resolve()` takes what the per-file analysis found (flow.ModuleFacts: directed edges `(target, source)`,
constructors, requests and the slots their models come from, literals, unknowns) and decides what stays. The
CLI cases (test_resolution.py) show the same rules end to end; these show that the rule lives in the
resolution itself.
"""

from __future__ import annotations

from dataclasses import replace

from migrate_cli.python.facts import Constructor, ModuleFacts, Request, Sink
from migrate_cli.resolve.resolution import ConfigValue, resolve

PATH = "app.py"
CTOR = "c|app.py|3:10"
CLIENT = "m|app|client"
MODEL = "m|app|MODEL"
GPT4O = "l|app.py|4:8"


def _facts(**extra) -> ModuleFacts:
    """`client = OpenAI()` (line 3), `MODEL = "gpt-4o"` (line 4), `client.chat.completions.create(model=MODEL)`
    (line 6): a client that can move, with one request."""
    facts = ModuleFacts(PATH, "app")
    facts.constructors.append(Constructor(CTOR, 3, 10, "sdk", "", True, True, "client"))
    facts.edges += [(CLIENT, CTOR), (MODEL, GPT4O)]
    facts.literals[GPT4O] = (4, 8, "gpt-4o")
    facts.requests.append(Request(6, 1, CLIENT, "chat.completions.create", "", (MODEL,)))
    for name, value in extra.items():
        current = getattr(facts, name)
        if isinstance(current, list):
            current.extend(value)
        else:
            current.update(value)
    return facts


def _kept(resolution) -> dict[tuple[int, int], str]:
    plan = resolution.plans.get(PATH)
    return dict(plan.kept_constructors) if plan else {}


def _held(resolution) -> set[tuple[int, int]]:
    plan = resolution.plans.get(PATH)
    return set(plan.held_literals) if plan else set()


def test_a_client_whose_requests_take_followed_ids_moves():
    resolution = resolve([_facts()], [])
    assert resolution.any_moves
    assert _kept(resolution) == {} and _held(resolution) == set()


def test_a_comparison_is_a_use_not_a_flow():
    """`CONTEXT_WINDOW[MODEL]` where the table's keys include an id with no mapping: the table does not flow
    into the request, so the client still moves."""
    table = "l|app.py|8:20"
    facts = _facts(
        edges=[("m|app|CONTEXT_WINDOW", table)],
        uses=[(MODEL, "m|app|CONTEXT_WINDOW")],
        unmapped={table: (8, 21, "gpt-4-turbo")},
        strings={table},
    )
    resolution = resolve([facts], [])
    assert _kept(resolution) == {}


def test_the_same_id_flowing_in_keeps_the_client():
    """The control: when the unmapped id does flow into the request's model, the client stays."""
    table = "l|app.py|8:20"
    facts = _facts(edges=[(MODEL, table)], unmapped={table: (8, 21, "gpt-4-turbo")}, strings={table})
    reason = _kept(resolve([facts], []))[(3, 10)]
    assert "'gpt-4-turbo'" in reason and "no ByteSpike mapping" in reason


def test_a_model_from_outside_the_repository_keeps_its_client():
    body = "u|app.py|9:5"
    facts = _facts(edges=[(MODEL, body)], unknowns={body: (9, 5, "the body of a request it receives", True)})
    reason = _kept(resolve([facts], []))[(3, 10)]
    assert "the body of a request it receives (app.py:9)" in reason


def test_an_orphan_moves_when_every_client_moves_and_stays_with_an_unknown_model():
    orphan = "l|app.py|12:8"
    alone = _facts(literals={orphan: (12, 8, "gpt-4o-mini")}, edges=[("m|app|SPARE", orphan)])
    assert (12, 8) not in _held(resolve([alone], []))

    body = "u|app.py|9:5"
    unknown = _facts(
        literals={orphan: (12, 8, "gpt-4o-mini")},
        edges=[("m|app|SPARE", orphan), (MODEL, body)],
        unknowns={body: (9, 5, "the body of a request it receives", True)},
    )
    assert (12, 8) in _held(resolve([unknown], []))


def test_a_model_handed_to_code_the_tool_cannot_follow_keeps_its_ids():
    """A sink (`agent.run(model=OTHER)` on a library's object): its ids stay, the client's own move."""
    other = "l|app.py|14:8"
    facts = _facts(
        literals={other: (14, 8, "gpt-4o-mini")},
        edges=[("m|app|OTHER", other)],
        sinks=[Sink(15, 1, "agent.run(model=OTHER)", "", ("m|app|OTHER",))],
    )
    resolution = resolve([facts], [])
    assert _kept(resolution) == {}
    assert (14, 8) in _held(resolution) and (4, 8) not in _held(resolution)


def test_two_clients_joined_only_by_a_name_are_two_when_each_request_reaches_one():
    """`client = Anthropic()` in one branch, `client = OpenAI()` in the other: the bindings are two slots; a
    Files call on the first keeps only the first."""
    facts = ModuleFacts(PATH, "app")
    first, second = "c|app.py|3:10", "c|app.py|5:10"
    facts.constructors += [
        Constructor(first, 3, 10, "sdk", "", True, True, "client"),
        Constructor(second, 5, 10, "sdk", "", True, True, "client"),
    ]
    facts.edges += [("m|app|client@3", first), ("m|app|client@5", second), (MODEL, GPT4O)]
    facts.literals[GPT4O] = (4, 8, "gpt-4o")
    facts.requests += [
        Request(7, 1, "m|app|client@3", "files.create", "files", ()),
        Request(8, 1, "m|app|client@5", "chat.completions.create", "", (MODEL,)),
    ]
    kept = _kept(resolve([facts], [], split=False))
    assert set(kept) == {(3, 10)}


def test_a_request_on_a_test_double_is_no_request():
    """`client = MagicMock()` in a test file calling `files.create`: no client of the repository makes it, so
    it holds nothing back (the real client, whose request chats, moves)."""
    double = ModuleFacts("tests/test_app.py", "tests.test_app", test_file=True)
    double.edges.append(("m|tests.test_app|fake", "k|mock"))
    double.requests.append(Request(5, 1, "m|tests.test_app|fake", "files.create", "files", (MODEL,)))
    resolution = resolve([_facts(), double], [])
    assert _kept(resolution) == {} and _held(resolution) == set()


def test_another_providers_model_keeps_the_client():
    """LiteLLM's `"anthropic/claude-…"` flowing into the request: it goes to that provider, not ByteSpike."""
    foreign = "l|app.py|9:8"
    facts = _facts(edges=[(MODEL, foreign)], foreign={foreign: (9, 8, "anthropic/claude-sonnet-4")})
    reason = _kept(resolve([facts], []))[(3, 10)]
    assert "another provider's" in reason and "'anthropic/claude-sonnet-4' (app.py:9)" in reason


def test_an_id_shared_with_a_request_that_stays_keeps_both_clients():
    """One constant read by a chat on a client that moves and by a Files call on another client: the id must
    stay for the Files call, so the chat's client stays too (model-shared), with a finding at the id."""
    facts = _facts()
    other = "c|app.py|10:10"
    facts.constructors.append(Constructor(other, 10, 10, "sdk", "", True, True, "files_client"))
    facts.edges.append(("m|app|files_client", other))
    facts.requests.append(Request(11, 1, "m|app|files_client", "batches.create", "batches", (MODEL,)))
    resolution = resolve([facts], [])
    kept = _kept(resolution)
    assert kept[(3, 10)].startswith("model-shared") and "ByteSpike does not serve" in kept[(10, 10)]
    assert (4, 8) in _held(resolution)
    assert [f.code for f in resolution.plans[PATH].findings] == ["model-shared"]


def test_a_client_that_mixes_served_and_unserved_calls_in_one_module_is_split():
    facts = _facts()
    facts.requests.append(Request(7, 1, CLIENT, "files.create", "files", ()))
    split = resolve([facts], [], split=True)
    assert split.plans[PATH].splits == {(3, 10): frozenset({(6, 1)})}
    assert "files.create (app.py:7)" in _kept(resolve([facts], [], split=False))[(3, 10)]
    # `keeper = instructor.patch(OpenAI())`: no ByteSpike client can be added beside it, so it stays whole.
    facts.constructors[0] = replace(facts.constructors[0], assigned=False)
    assert resolve([facts], [], split=True).plans[PATH].splits == {}


def test_library_modules_share_one_module_client():
    """`llm.py` chats and `embed.py` embeds through the openai module's client, both in functions: a program
    may import both, so the module client is one, and it stays."""
    llm = ModuleFacts("llm.py", "llm", module_import=True, module_client_library=True, module_settings="migratable")
    llm.requests.append(Request(5, 1, "openai-module", "chat.completions.create", "", ()))
    embed = ModuleFacts("embed.py", "embed", module_import=True, module_client_library=True)
    embed.requests.append(Request(5, 1, "openai-module", "embeddings.create", "embeddings", ()))
    resolution = resolve([llm, embed], [])
    assert "embeddings.create (embed.py:5)" in (resolution.plans["llm.py"].module_client or "")
    llm.module_client_library = embed.module_client_library = False  # two scripts: two programs
    assert resolve([llm, embed], []).plans["llm.py"].module_client == ""


def test_hosted_tools_built_in_another_module_keep_the_request():
    """`tools=TOOLS` imported from `app.tools`, which builds `{"type": "file_search"}`."""
    tools = ModuleFacts(
        "app/tools.py", "app.tools", hosted_tools={"m|app.tools|TOOLS": ("vector-stores", "file_search")}
    )
    facts = _facts()
    facts.requests[0] = Request(6, 1, CLIENT, "responses.create", "", (MODEL,), tools=("i|app.tools.TOOLS",))
    resolution = resolve([facts, tools], [])
    assert "file_search tool" in _kept(resolution)[(3, 10)]
    assert [f.code for f in resolution.plans[PATH].findings] == ["unsupported-api"]


def test_a_prefix_is_held_whatever_moves():
    """`model.startswith(PREFIX)`: the literal is a prefix, not an id; the client still moves."""
    prefix = "l|app.py|12:10"
    facts = _facts(literals={prefix: (12, 10, "gpt-4o")}, edges=[("m|app|PREFIX", prefix)], prefixes={"m|app|PREFIX"})
    resolution = resolve([facts], [])
    assert _kept(resolution) == {} and _held(resolution) == {(12, 10)}


def test_a_configuration_value_read_by_name_follows_its_request():
    """`.env`'s `MODEL=gpt-4o` read by `os.getenv("MODEL")`: held where the request stays (an Azure client)."""
    config = ConfigValue(".env", 1, 7, "gpt-4o", variable="MODEL")
    facts = _facts(edges=[(MODEL, "e|MODEL")])
    assert resolve([facts], [config]).plans.get(".env") is None
    facts.constructors[0] = replace(facts.constructors[0], kind="azure")
    assert resolve([facts], [config]).plans[".env"].held_values == {(1, 7)}
