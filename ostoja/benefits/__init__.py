"""Granting benefits: applications, assessments with the law in force on the day, administrative
decisions with their documents and procedure (delivery, finality, appeal), the awards they make,
and the re-indexation of awards when the law changes."""
