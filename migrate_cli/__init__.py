"""bytespike-migrate: move a code base from the OpenAI API to ByteSpike, and back."""

__version__ = "0.1.0"
