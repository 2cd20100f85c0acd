"""Chumchon (ชุมชน): the community development and welfare system of a Thai local government."""

__version__ = "0.1.0"
