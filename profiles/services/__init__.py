"""Writes of the profiles app, split by subdomain."""
