"""Community groups (manual 1.9): the ten formation steps, members, committee terms, fund ledger."""
