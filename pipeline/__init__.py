"""ipclaims: corporate IP press text -> validated, machine-readable claims."""

from __future__ import annotations

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"
__all__ = ["__version__"]
