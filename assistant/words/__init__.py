"""Words: text primitives and vocabularies (folding, stems, channels and sectors, head counts,
locale-correct numbers and plurals, bilingual phrasebooks). Below the knowledge base: nothing
here reads the method."""
