"""Downloads of the training archive: .xlsx workbooks and .docx documents.

Every spreadsheet value passes ``safetykb.cells.safe_cell`` (no formula runs when opened);
the builders return bytes and take already-scoped data, the views in ``views`` scope it.
"""
