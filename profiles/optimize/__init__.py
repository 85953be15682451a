"""Resume optimization (seed 000): gap analysis, rewrite suggestions, validation scores.

``rules`` and ``scores`` are pure Python; ``profiles.services.optimize`` stores the runs and
the candidate's decisions and emits the learning events.
"""
