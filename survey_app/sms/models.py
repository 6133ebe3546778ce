"""Tables of the sms part (filled in by that part)."""
