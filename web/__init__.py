"""The roof: URL routing, the home page's platform overview and the header's navigation.

It imports every app and is imported by none (see docs/architecture.md).
"""
