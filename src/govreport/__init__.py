"""govreport: indicators, values and growth rates from Chinese government work reports."""

__version__ = "0.1.0"
