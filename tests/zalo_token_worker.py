"""One bot process asking for the Zalo access token: `python -m tests.zalo_token_worker
DATABASE_URL OAUTH_URL NOW_ISO`; prints the token it got (the test compares them)."""

from __future__ import annotations

import sys
from datetime import datetime

from bot.channels.zalo_tokens import TokenStore
from bot.db import make_engine
from tests.zalo_fakes import APP_ID, APP_SECRET


def main(database_url: str, oauth_url: str, now: str) -> None:
    engine = make_engine(database_url)
    store = TokenStore(engine, app_id=APP_ID, app_secret=APP_SECRET, oauth_base_url=oauth_url)
    try:
        print(store.get(datetime.fromisoformat(now)), flush=True)
    finally:
        store.close()
        engine.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:4])
