"""`verify -- COMMAND`: run the user's own program or tests against a local emulation of OpenAI, Anthropic and
ByteSpike, and report every request it made, where it was made, and whether the real service would accept it."""
