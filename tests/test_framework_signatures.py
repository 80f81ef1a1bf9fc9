"""The keywords the rules add to a framework call are ones the installed framework takes (README, Frameworks).

Each `[frameworks.move.*]` entry names the keywords of an endpoint, a key and a model, and the arguments a
call gains; a name the framework does not know would break the migrated program. Checked against the
frameworks the test extras install (skipped where one is missing), by their real signatures: a pydantic
model's fields and aliases, a function's parameters, or `**kwargs` that the framework passes on.
"""

from __future__ import annotations

import inspect
import os
import typing

import pytest

from migrate_cli.pipeline.ruleset import load_rules

# LiteLLM fetches its price list at import unless told to use its own copy: the tests stay offline.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
RULES = load_rules()
# Where each entry point is imported from in the frameworks' own documentation.
IMPORTS = {
    "langchain-chat": "langchain_openai:ChatOpenAI",
    "langchain-embeddings": "langchain_openai:OpenAIEmbeddings",
    "langchain-llm": "langchain_openai:OpenAI",
    # `langchain.chat_models.ChatOpenAI` is gone from LangChain 1; the field names its entry adds are the current
    # class's too (LangChain 0.0's own class took only those: checked against 0.0.238 by hand).
    "langchain-chat-legacy": "langchain_openai:ChatOpenAI",
    "langchain-embeddings-legacy": "langchain_openai:OpenAIEmbeddings",
    "langchain-init": "langchain.chat_models:init_chat_model",
    "llama-index": "llama_index.llms.openai_like:OpenAILike",  # what `OpenAI` becomes
    "llama-index-responses": "llama_index.llms.openai_like:OpenAILikeResponses",
    "llama-index-embeddings": "llama_index.embeddings.openai:OpenAIEmbedding",
    "litellm": "litellm:completion",
    "litellm-embeddings": "litellm:embedding",
    "litellm-audio": "litellm:transcription",
    "litellm-moderations": "litellm:moderation",
    "dspy": "dspy:LM",
    "instructor": "instructor:from_provider",
    "autogen": "autogen_ext.models.openai:OpenAIChatCompletionClient",
    "pydantic-ai-model": "pydantic_ai.models.openai:OpenAIChatModel",
    "crewai": "crewai:LLM",
}


def _accepted(target) -> tuple[set[str], bool]:
    """The keyword names a callable takes, and whether it passes any other on (`**kwargs`)."""
    names: set[str] = set()
    fields = getattr(target, "model_fields", None)
    if isinstance(fields, dict):  # pydantic: fields by name and by alias
        for name, info in fields.items():
            names.add(name)
            for alias in (getattr(info, "alias", None), getattr(info, "validation_alias", None)):
                if isinstance(alias, str):
                    names.add(alias)
    function = target.__init__ if inspect.isclass(target) else target
    parameters = list(inspect.signature(function).parameters.values())
    names.update(p.name for p in parameters if p.kind is not p.VAR_KEYWORD)
    passes_on = False
    for parameter in parameters:
        if parameter.kind is not parameter.VAR_KEYWORD:
            continue
        hints = typing.get_type_hints(function)
        unpacked = typing.get_args(hints.get(parameter.name))
        if unpacked and hasattr(unpacked[0], "__annotations__") and hasattr(unpacked[0], "__total__"):
            names.update(typing.get_type_hints(unpacked[0]))  # `**kwargs: Unpack[Options]` (AutoGen)
        elif not isinstance(fields, dict):  # a pydantic model's `**data` is its fields
            passes_on = True
    return names, passes_on


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_the_keywords_added_are_the_frameworks_own(name: str, tmp_path, monkeypatch):
    # CrewAI writes a key and folders under the user's home when imported: the test gives it a home of its own.
    monkeypatch.setenv("HOME", str(tmp_path))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(variable, raising=False)
    module, _, attribute = IMPORTS[name].partition(":")
    target = getattr(pytest.importorskip(module, reason=f"{module} is a test dependency"), attribute)
    entry = next(e for e in RULES.framework_entries.values() if e.name == name)
    names, passes_on = _accepted(target)
    wanted = [n[0] for n in (entry.base_url, entry.api_key, entry.model) if n]
    wanted += [a.split("=", 1)[0] for a in entry.add]
    if entry.provider:
        wanted.append(entry.provider)
    missing = [n for n in wanted if n not in names]
    # A function that passes `**kwargs` on to the OpenAI client (LiteLLM, DSPy, instructor) takes them there.
    assert not missing or passes_on, f"{IMPORTS[name]} does not take {missing}"


def test_every_entry_is_checked_or_has_a_shape_of_its_own():
    checked = set(IMPORTS)
    for entry in RULES.framework_entries.values():
        assert entry.name in checked or entry.shape != "call", entry.name


def test_the_classes_entries_become_exist():
    for entry in RULES.framework_entries.values():
        if entry.becomes:
            module, _, attribute = entry.becomes.rpartition(".")
            found = pytest.importorskip(module, reason=f"{module} is a test dependency")
            assert hasattr(found, attribute), entry.becomes


def test_the_settings_litellm_refuses_for_a_reasoning_id_are_the_entrys():
    """The litellm entry keeps a call whose id would become a reasoning model's (`gpt-4o` -> `gpt-5-4`) where it
    is given a setting LiteLLM refuses for one: each of those, and a temperature other than 1, raises before any
    request is sent with the ByteSpike id and not with the OpenAI one; the settings it moves with do not."""
    litellm = pytest.importorskip("litellm", reason="litellm is a test dependency")
    entry = next(e for e in RULES.framework_entries.values() if e.name == "litellm")
    assert entry.reasoning_ids is not None and entry.reasoning_ids.search("gpt-5-4")

    def refused(model: str, **settings) -> bool:
        try:  # a port nothing listens on: a request that is sent fails to connect
            litellm.completion(
                model=model, messages=[{"role": "user", "content": "hi"}], api_base="http://127.0.0.1:9/v1",
                api_key="sk-test", num_retries=0, timeout=2, **settings,
            )  # fmt: skip
        except litellm.UnsupportedParamsError:
            return True
        except Exception:  # the request was sent (and could not connect)
            return False
        return False

    values = {"stop": ["\n"], "logit_bias": {"1": 1}, "logprobs": True, "top_logprobs": 2}
    for setting in (*entry.reasoning_refuses, "temperature"):
        value = values.get(setting, 0.2)
        assert refused("openai/gpt-5-4", **{setting: value}), setting
        assert not refused("openai/gpt-4o", **{setting: value}), setting
    assert not refused("openai/gpt-5-4", temperature=1, max_tokens=20)


def test_litellm_prices_an_answer_by_its_model_and_knows_no_bytespike_id():
    """`completion_cost(completion_response=resp)` looks the answer's model up in LiteLLM's price table (a model
    lookup of the rules): for a ByteSpike id it has no price (0.0, or an error in older releases), so a request
    whose answer is priced keeps its OpenAI id."""
    litellm = pytest.importorskip("litellm", reason="litellm is a test dependency")
    assert RULES.looks_up_models("litellm.completion_cost")

    def cost(model: str) -> float | None:
        answer = litellm.completion(
            model=model, messages=[{"role": "user", "content": "hi"}], mock_response="hello", api_key="sk-test"
        )
        try:
            return litellm.completion_cost(completion_response=answer)
        except Exception:
            return None

    assert (cost("openai/gpt-4o") or 0) > 0
    assert not cost("openai/gpt-5-4")
