"""Directives: from a document to a published, tracked and chased send.

`drafting` fills a draft from a document's text, `matching` reads its "Nơi nhận" against
the tree, `publishing` checks and fans it out through the outbox, `render` writes what
people see, `tracking` answers who received and carried it out, `chasing` reminds the
units that did not confirm in time.
"""
