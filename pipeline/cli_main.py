"""`python -m pipeline.cli_main ...` runs the CLI (used by tests that need a real process)."""

from pipeline.cli import app

if __name__ == "__main__":
    app()
