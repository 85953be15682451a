"""The ground floor: settings, helpers, the Celery app, the spine and the event log.

The Celery app is loaded when Django starts (``RecruitlyConfig.ready``), not on importing
this package, so the pure modules below it (``recruitly.fit_components``) load no Django.
"""
