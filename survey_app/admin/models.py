"""Tables of the admin part (filled in by that part)."""
