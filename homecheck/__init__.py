"""homecheck: home fall-risk assessment with osteoporosis-aware body mechanics."""

__version__ = "0.1.0"
