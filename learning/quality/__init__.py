"""Data quality of the event log (seed 002 §15.1): the daily report, its task, and the
reviewers' pages (report and quarantine review).

On the top floor: the report compares the log with profiles' records (capture), and the
pages are reviewers' pages like the rest of learning's; the checks themselves and the
review services (replay, discard) stay in the ground-floor event log.
"""
