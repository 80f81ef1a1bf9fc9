"""The byte prefilter: every file with something to do passes, most files without do not."""

from __future__ import annotations

import pytest
from fixture_pairs import BEFORE, cases

from migrate_cli.handlers import Prefilter
from migrate_cli.ruleset import load_rules

PREFILTER = Prefilter(load_rules())


@pytest.mark.parametrize(
    "text",
    [
        "from openai import OpenAI",
        "from langchain_openai import ChatOpenAI",
        'MODEL = "gpt-4o"',
        "MODEL = 'o1'",
        'MODEL = "openai/o1-preview"',
        'MODEL = "gpt-image-1"',
        'name = f"gpt-{version}"',
        'x = {"default": "gpt-5-nano"}',
        'MODEL = "gpt-4-turbo"',  # unmapped: reported
        "MODEL = 'o1-mini'",
        '"gpt-4o-mini-tts"',
    ],
)
def test_candidates(text: str):
    assert PREFILTER(text.encode())


@pytest.mark.parametrize(
    "text",
    [
        "print('hello')",
        'CONFIG = "o1=4"',
        "foo1 = bar",
        "OPENAI_API_KEY is read elsewhere",
        "client: OpenAI  # no SDK import, nothing to resolve",
    ],
)
def test_not_candidates(text: str):
    assert not PREFILTER(text.encode())


def test_every_fixture_with_an_edit_or_finding_passes():
    from fixture_pairs import AFTER, expected_findings

    listed = expected_findings()
    for case in cases():
        before = (BEFORE / case).read_bytes()
        if before != (AFTER / case).read_bytes() or case in listed:
            assert PREFILTER(before), case
