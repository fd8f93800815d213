"""Świadczenia pieniężne z pomocy społecznej (ustawa z 12 marca 2004 r. o pomocy społecznej,
u.p.s.): kryterium dochodowe, dochód, zasiłek stały, zasiłek okresowy, specjalny zasiłek celowy.

Each benefit module exposes `oblicz(household, day, params) -> Result`.
"""
