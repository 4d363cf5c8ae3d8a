"""policy-site: compare public policies side by side, from YAML records and articles."""

__version__ = "0.1.0"
