"""Safe look-alike: the caller quotes the environment value before the shell helper gets it."""
import os
import shlex
import subprocess


def _run_in_namespace(namespace, command):
    return subprocess.check_output('ip netns exec %s %s' % (namespace, command), shell=True)


def show_routes():
    table = shlex.quote(os.environ.get('ROUTE_TABLE', 'main'))
    return _run_in_namespace('qrouter-ops', 'ip route show table ' + table)  # ok: DVR101
