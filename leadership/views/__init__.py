"""Leadership pages: the hazard register, plans, checks and the principal's page."""
