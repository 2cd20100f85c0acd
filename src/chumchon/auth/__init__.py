"""Users, roles, permissions, tokens and machine clients."""
