"""Reading the audit log (the table and the write hook live in core/audit.py)."""
