"""``python -m bot`` runs the same CLI as ``marsad``."""

from bot.cli import main

raise SystemExit(main())
