"""From files to an anonymised, chunked, indexed store."""
