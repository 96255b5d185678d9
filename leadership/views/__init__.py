"""Leadership's pages, one module per concern: hazards, commitments, action_plans, checks, principal."""
