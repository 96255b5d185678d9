"""Dashboard pages: ``people`` (enterprise, jurisdiction, person, my page), ``exams`` (exam figures)."""
