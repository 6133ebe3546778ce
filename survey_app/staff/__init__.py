"""Staff accounts: who may sign in, with which role, how sign-in is throttled, and the audit log.

No views live here (they are in ``admin/`` and ``partners/``): these modules are what both sides share.
"""
