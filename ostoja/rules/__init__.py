"""Rules as code: dated legal parameters and pure calculations of Polish social-assistance and
family benefits, each result with the reasons (article and figures) it rests on.

Pure Python over Decimal: no Django, no database, no clock, no settings.
"""
