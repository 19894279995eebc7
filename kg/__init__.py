"""FireKG graph layer: corpus parsing (``kg.corpus``) and graph storage (``kg.store``)."""
