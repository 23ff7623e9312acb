"""Safe look-alike: the helper gets operator configuration, not request data."""
import subprocess

from oslo_config import cfg

OPTS = [cfg.StrOpt('dhcp_lease_script', default='/usr/bin/lease-hook')]
cfg.CONF.register_opts(OPTS)


def _run_hook(script, action):
    return subprocess.call('%s %s' % (script, action), shell=True)


def on_lease_change():
    _run_hook(cfg.CONF.dhcp_lease_script, 'refresh')
