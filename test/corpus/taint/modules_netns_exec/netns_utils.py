"""Namespace helpers shared by the operator tools of this folder."""
import logging
import subprocess

LOG = logging.getLogger(__name__)


def _log_and_run(command):
    LOG.debug('running %s', command)
    return subprocess.call(command, shell=True)


def exec_in_namespace(namespace, command):
    return _log_and_run('ip netns exec %s %s' % (namespace, command))


def namespace_exists(namespace):
    return subprocess.call(['ip', 'netns', 'pids', '--', namespace]) == 0
