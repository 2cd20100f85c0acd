"""Disability ID cards: requests to the provincial office, its answers, and the cards on the person."""
