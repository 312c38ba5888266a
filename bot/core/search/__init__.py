"""Vietnamese-aware procedure search (pure Python, offline)."""

from bot.core.search.engine import Answer, Hit, SearchIndex
from bot.core.search.folding import fold, tokens
from bot.core.search.synonyms import DEFAULT_SYNONYMS_PATH, SynonymTable

__all__ = [
    "DEFAULT_SYNONYMS_PATH", "Answer", "Hit", "SearchIndex", "SynonymTable", "fold", "tokens",
]
