"""Question answering: question → entities → safe Cypher → subgraph → summary with citations.

Not built yet; see ARCHITECTURE.md.
"""
