"""`python -m pipeline.cli.main ...` runs the CLI (used by tests that need a real process)."""

from pipeline.cli.app import app

if __name__ == "__main__":
    app()
