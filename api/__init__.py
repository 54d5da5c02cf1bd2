"""The JSON API for machine clients (/api/v1): ask, search, documents, feedback."""
