"""TradePulse: train, compare and use machine-learning models on market data."""

__version__ = "0.1.0"
