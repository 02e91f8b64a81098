"""The portfolio has no tables of its own: it reads Steckbriefe and Bewertungsergebnisse.
Its migrations create the read-only role Lenkungskreis (a Group without permissions)."""
