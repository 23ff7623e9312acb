# fixture-path: distutils/command/upload.py
# Fixture for DVR802: code that is itself part of a deprecated module goes away
# with it, so its imports of deprecated modules need no change and are not
# reported.

import cgi  # ok: this file is part of distutils
from distutils.core import PyPIRCCommand  # ok: distutils importing itself


def parse_header(value):
    return cgi.parse_header(value), PyPIRCCommand
