"""``python -m bot`` runs the same CLI as ``marsad``."""

from bot.cli import main

if __name__ == "__main__":  # not when a worker process of `marsad ingest` imports it
    raise SystemExit(main())
