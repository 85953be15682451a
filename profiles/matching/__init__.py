"""Job matching, free of Django: features in, component scores and explanations out."""
