"""The training domain's pure rules: hours owed, ledger integrity, certificates.

Plain Python, no Django and no app imports, so they are tested without a database and
the editors' rules tables (models, elsewhere) feed them records of the same shape.
"""
