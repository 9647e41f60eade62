"""amex: a command-line toolkit for American Express (US) cardmembers."""

__version__ = "0.1.0"
