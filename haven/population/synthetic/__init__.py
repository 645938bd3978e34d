"""Invented populations written as registration files, with the truth about who is who.

For tests, demonstrations and deduplication benchmarks: realistic Iraqi name chains, families and
displacement in 2006–2008, and the ways registrations of one person differ. Pure file output; no
database.
"""

from haven.population.synthetic.generate import GeneratedPopulation, population_generate

__all__ = ["GeneratedPopulation", "population_generate"]
