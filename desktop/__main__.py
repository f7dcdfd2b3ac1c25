"""``python -m desktop [FILE]``: open the editor."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main(["gui", *sys.argv[1:]]))
