"""Safe look-alike: the helper checks the name with a full-match pattern first."""
import os
import re
import subprocess

BRIDGE_NAME = re.compile(r'br-[a-z0-9]{1,11}')


def add_bridge(name):
    if not BRIDGE_NAME.fullmatch(name):
        raise ValueError('bad bridge name')
    return subprocess.call('ovs-vsctl --may-exist add-br %s' % name, shell=True)


def setup():
    add_bridge(os.environ.get('EXTERNAL_BRIDGE', 'br-ex'))
