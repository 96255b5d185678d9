"""Electronic signatures, built once for the whole product.

A signature records who signed, when, in which capacity, which object and a SHA-256 hash
of the content they saw (``canonical``), after they re-entered their password
(``services.sign``). Rows are append-only. A page proves a record unchanged since it was
signed with ``services.verify`` and shows the signatures with the
``includes/signatures.html`` include (``{% signature_list obj content %}``).
"""
