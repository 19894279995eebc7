"""FireKG entity extraction: EQUIPMENT, HAZARD and CLAUSE mentions in clause text.

``ner.labels`` is the one source of truth for the label set and BIO tags;
``ner.baseline.GazetteerExtractor`` is the dictionary + rules baseline.
"""
