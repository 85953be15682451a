"""Job feeds, free of Django: fetch RSS/Atom/JSON/CSV and normalise entries into postings."""
