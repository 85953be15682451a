"""A candidate's own data: export all of it, erase the personal part of it (seed 001 §10.1).

``scope`` finds every table that holds rows of a user (any model with a foreign-key path to
the user model), ``export`` writes them as one JSON document, ``erase`` removes the personal
data and pseudonymises what the aggregates need.
"""
