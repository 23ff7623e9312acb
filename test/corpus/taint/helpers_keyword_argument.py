"""A cleanup tool passing the namespace by keyword to its helper."""
import os
import subprocess


def delete_namespace(force=False, namespace=None):
    cmd = 'ip netns delete ' + namespace
    if force:
        cmd += ' || true'
    return subprocess.call(cmd, shell=True)


def cleanup():
    target = os.getenv('STALE_NAMESPACE')
    delete_namespace(namespace=target, force=True)  # expect: DVR101
