"""Weekly insights per candidate (seed 001 §8.1): a pure builder over the analytics' frames
(:mod:`learning.insights.build`) and a reader of the event log (:mod:`learning.insights.reader`).
"""
