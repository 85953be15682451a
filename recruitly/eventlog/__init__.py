"""The append-only event log: event schemas, validation, ingestion and the quarantine.

Every app writes outcomes here; the learning engine reads them. It sits on the ground floor
so that writing an event never needs the app that analyses it.
"""
