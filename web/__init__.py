"""The Flask API, the analyst UI and auditor exports.

Not built yet; see ARCHITECTURE.md.
"""
