"""Question answering: question → entities → safe Cypher → subgraph → summary with citations.

Entry point: ``qa.engine.QAEngine``; see ARCHITECTURE.md.
"""
