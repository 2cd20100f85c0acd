"""Organisations (local governments, the tenants) and their villages (หมู่ที่)."""
