"""Safe look-alike: the helper only runs actions from a constant set."""
import os
import sys

ALLOWED_ACTIONS = frozenset(['start', 'stop', 'restart', 'status'])


def service_action(action):
    if action not in ALLOWED_ACTIONS:
        raise ValueError('unknown action %s' % action)
    return os.system('systemctl %s neutron-dhcp-agent' % action)


if __name__ == '__main__':
    service_action(sys.argv[1])
