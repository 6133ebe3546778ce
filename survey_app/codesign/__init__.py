"""Co-design with young advisers (preview links and their feedback), open and close dates, and the
invitations keyworkers hand on."""
