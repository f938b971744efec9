"""Run the ``xeddsa`` command line: ``python -m xeddsa --help``."""

from xeddsa.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
