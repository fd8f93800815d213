"""Paying benefits: the schedule of what each award is owed, the monthly payment lists with
their four-eyes approval, the bank files and cash lists, returns, the health contributions the
centre pays to ZUS, the budget, and the recovery of undue benefits."""
