"""Vietnamese-aware procedure search (pure Python, offline)."""

from bot.core.search.engine import Hit, SearchIndex
from bot.core.search.folding import fold, tokens
from bot.core.search.synonyms import DEFAULT_SYNONYMS_PATH, SynonymTable

__all__ = ["DEFAULT_SYNONYMS_PATH", "Hit", "SearchIndex", "SynonymTable", "fold", "tokens"]
