"""Storage: the tables for runs and answers, and the application service that changes them."""
