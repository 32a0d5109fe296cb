"""xl-portfolio: what each customer is really worth, written into Excel."""

__version__ = "0.1.0"
