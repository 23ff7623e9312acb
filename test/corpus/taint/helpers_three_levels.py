"""Three helper levels between the command line and the shell."""
import subprocess
import sys


def _shell(cmd):
    return subprocess.call(cmd, shell=True)


def _in_namespace(namespace, cmd):
    return _shell('ip netns exec %s %s' % (namespace, cmd))


def flush_arp(namespace, device):
    return _in_namespace(namespace, 'ip neigh flush dev ' + device)


if __name__ == '__main__':
    flush_arp('qrouter-1', sys.argv[1])  # expect: DVR101
