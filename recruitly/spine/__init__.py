"""The parameter spine: every value the learning engine may change.

Specs (name, default, validator) are declared by the app that owns the value; versions,
per-candidate overrides, the resolver and the audit trail live here, on the ground floor, so
every app can read a parameter without importing the app that learns it.
"""
