"""Safe look-alike: the helper logs the value but runs a constant list command."""
import logging
import subprocess
import sys

LOG = logging.getLogger(__name__)


def restart_agent(reason):
    LOG.info('restarting the L3 agent: %s', reason)
    subprocess.check_call(['systemctl', 'restart', 'neutron-l3-agent'])


def describe(name):
    return 'agent %s' % name


if __name__ == '__main__':
    restart_agent(sys.argv[1])
    print(describe(sys.argv[1]))
