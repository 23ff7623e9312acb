"""Operator tool: show the addresses inside a router namespace.

The namespace name comes from the command line and reaches a shell two
helpers down.
"""
import subprocess
import sys


def _run(command):
    return subprocess.check_output(command, shell=True)


def show_namespace(name):
    return _run('ip netns exec %s ip -o addr show' % name)


def main():
    if len(sys.argv) < 2:
        print('usage: show-ns NAMESPACE')
        return 2
    namespace = sys.argv[1]
    print(show_namespace(namespace))  # expect: DVR101
    return 0


if __name__ == '__main__':
    sys.exit(main())
