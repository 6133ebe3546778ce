"""Safeguarding: the detector, support for the young person, sealed concern records, the lead's queue."""
