"""The BMP kit: judge any BMP collector from a complete history, after the fact.

Jepsen's split: cases (``cases``) are generated; the client (``client``) writes them to the
collector over concurrent connections and records a ``history`` (every write with its connection,
time and boundaries, and for each framed message what RFC 7854 / RFC 4271 / RFC 7606 say must
become of it, ``outcome``); a store reader (``store``) reads back everything the collector kept;
checkers (``checkers``) judge the whole history and never act. ``batch`` runs batches of cases on
one collector and bisects a failing batch down to the input that broke it.
"""
