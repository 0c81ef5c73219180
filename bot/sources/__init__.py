"""Sources: where raw reports come from (the inbox folder and feeds)."""
