"""Contract tests: one suite over the embedded and the server configuration."""
