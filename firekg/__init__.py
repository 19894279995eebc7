"""FireKG command-line entry point (wires ``kg``, ``ner``, ``qa`` and ``web`` together)."""
