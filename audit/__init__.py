"""The audit log (BIO 12.4): who did what, when and from where, in an append-only, hash-chained table.

The app sits at the top of the layers: it observes the others (signals on their models, one
middleware for requests) and no feature app imports it, so nothing has to remember to log.
"""
