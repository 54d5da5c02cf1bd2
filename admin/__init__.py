"""Staff administration from a terminal: `python -m admin create-user NAME --role editor`."""
