"""The dtzbot command line and the Telegram adapter on top of the ``index`` library."""

__version__ = "0.1.0"
