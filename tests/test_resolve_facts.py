"""The resolution on facts written by hand: one rule at a time, without parsing anything.

`resolve()` takes what the per-file analysis found (flow.ModuleFacts: directed edges `(target, source)`,
constructors, requests and the slots their models come from, literals, unknowns) and decides what stays. The
CLI cases (test_resolution.py) show the same rules end to end; these show that the rule lives in the
resolution itself.
"""

from __future__ import annotations

from migrate_cli.coherence import resolve
from migrate_cli.flow import Constructor, ModuleFacts, Request, Sink

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
