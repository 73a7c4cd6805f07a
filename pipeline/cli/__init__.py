"""The command line: thin commands that parse, call a plain function and print."""
