"""One module per ``vanban`` subcommand; each has ``register(subparsers)`` and ``run(args) -> int``."""
