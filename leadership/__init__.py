"""Safety leadership: the hazard register and who answers for each hazard, commitments,
personal action plans with site visits and the problems they find, and the leadership check."""
