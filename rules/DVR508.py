"""Fixture for DVR508 (insecure-temp-file).

keepalived and dnsmasq helpers that write scripts and pid files.
"""

import os
import tempfile
from tempfile import mktemp as make_name

from oslo_config import cfg
from oslo_log import log as logging

LOG = logging.getLogger(__name__)

# Module level: a fixed path in /tmp shared by every agent on the host.
NOTIFY_SCRIPT = '/tmp/keepalived-notify.sh'  # expect: DVR508
STATE_PATH = '/var/lib/neutron/ha_confs'  # ok: the agent's own folder

OPTS = [
    cfg.StrOpt('ha_scratch_dir', default='/var/tmp/neutron-ha',  # expect: DVR508
               help='Scratch folder; /tmp is a bad choice on shared hosts'),  # ok: help text
]


def scratch_name(suffix):
    # A wrapper that hands the race to every caller.
    return tempfile.mktemp(suffix=suffix)  # expect: DVR508


class KeepalivedScripts(object):

    def __init__(self, conf):
        self.conf = conf

    def write_notify(self, content):
        path = tempfile.mktemp(suffix='.sh', prefix='notify-')  # expect: DVR508
        with open(path, 'w') as f:
            f.write(content)
        return path

    def pid_file(self, router_id):
        return make_name(prefix=router_id)  # expect: DVR508

    def lease_file(self):
        with open('/dev/shm/dnsmasq.leases', 'w') as f:  # expect: DVR508
            f.write('')

    # ---- negatives -------------------------------------------------------

    def write_notify_safely(self, content):
        fd, path = tempfile.mkstemp(suffix='.sh')  # ok: created with the name
        with os.fdopen(fd, 'w') as f:
            f.write(content)
        return path

    def scratch(self):
        return tempfile.TemporaryDirectory(prefix='neutron-')  # ok: private directory

    def in_tmp(self, path):
        return path.startswith('/tmp/')  # ok: a check, not a use

    def complain(self, path):
        LOG.warning('Refusing to write to /tmp/%s', path)  # ok: a message
        return os.path.join(self.conf.state_path, 'notify.sh')  # ok: own folder
