"""Sources yield RawReports: the inbox folder and (see feeds) RSS/Atom/JSON feeds."""
