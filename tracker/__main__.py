import os
import sys

from tracker.cli import main

try:
    sys.exit(main())
except BrokenPipeError:
    # The reader of our output went away (`... | head`): stop quietly, as other tools do.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
