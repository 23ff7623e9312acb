"""Safe look-alike: the helper quotes its argument before the shell sees it."""
import shlex
import subprocess
import sys


def _run_quoted(template, value):
    return subprocess.check_output(template % shlex.quote(value), shell=True)


def show_namespace(name):
    return _run_quoted('ip netns exec %s ip -o addr show', name)


if __name__ == '__main__':
    print(show_namespace(sys.argv[1]))
