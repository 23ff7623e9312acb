"""ns-exec: run a command in a router namespace (argv through another module's helper)."""
import sys

import netns_utils
from netns_utils import exec_in_namespace as run_in


def main(argv):
    namespace, command = argv[1], ' '.join(argv[2:])
    if not netns_utils.namespace_exists(namespace):
        return 1
    return netns_utils.exec_in_namespace(namespace, command)


def main_alias():
    return run_in(sys.argv[1], 'ip route')  # expect: DVR101


if __name__ == '__main__':
    sys.exit(main(sys.argv))  # expect: DVR101
