"""Seed 002's advanced engines as pure computations (numpy, pandas, scipy, statsmodels,
scikit-learn; no Django): Resume DNA patterns (:mod:`.dna`), market intelligence
(:mod:`.market`) and the temporal analysis of posting volume (:mod:`.temporal`)."""
