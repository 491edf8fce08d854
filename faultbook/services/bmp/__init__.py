"""BMP collectors under test: pmacct's pmbmpd, PyBMP (from the user), and real BGP senders."""
