"""`python -m pipeline ...` runs the ipclaims command line."""

from pipeline.cli.app import app

if __name__ == "__main__":
    app()
