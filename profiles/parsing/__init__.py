"""Resume reading and parsing, free of Django: bytes → text → structured profile."""
