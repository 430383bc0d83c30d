"""The `kg` command line: one module per command; each parses arguments and calls one function."""
