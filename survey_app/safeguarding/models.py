"""Tables of the safeguarding part (filled in by that part)."""
