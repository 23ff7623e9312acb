"""Fixture for DVR103 (run-as-root).

Namespace and conntrack helpers in the style of the L3 agent, next to the
privsep functions that replace them.
"""

import os
import subprocess

from oslo_concurrency import processutils
from pyroute2 import netns

from neutron.agent.common import utils
from neutron.agent.linux import external_process
from neutron.agent.linux import ip_lib
from neutron.agent.linux import utils as agent_utils
from neutron.privileged.agent.linux import ip_lib as priv_ip_lib
from neutron import privileged


# ---- privsep entry points: the fix, never reported ----------------------

@privileged.default.entrypoint
def create_netns(name, **kwargs):
    netns.create(name, **kwargs)


@privileged.default.entrypoint
def set_send_redirects(device, namespace):
    # ok: already privileged; no run_as_root, no sudo
    processutils.execute('ip', 'netns', 'exec', namespace, 'sysctl', '-w',
                         'net.ipv4.conf.%s.send_redirects=0' % device)


class SnatNamespace(object):

    def __init__(self, router_id, agent_conf):
        self.name = 'snat-' + router_id
        self.agent_conf = agent_conf

    # ---- positives -------------------------------------------------------

    def create(self):
        agent_utils.execute(['ip', 'netns', 'add', self.name], run_as_root=True)  # expect: DVR103

    def delete(self):
        utils.execute(  # expect: DVR103
            ['ip', 'netns', 'delete', self.name],
            run_as_root=True, check_exit_code=False)

    def flush_conntrack(self, fixed_ip):
        ip_lib.IPWrapper(namespace=self.name).netns.execute(  # expect: DVR103
            ['conntrack', '-D', '-d', fixed_ip], run_as_root=True,
            check_exit_code=False)

    def set_gateway_mtu(self, device, mtu):
        cmd = ['ip', 'netns', 'exec', self.name, 'ip', 'link', 'set', device,
               'mtu', str(int(mtu))]
        processutils.execute(*cmd, run_as_root=True)  # expect: DVR103

    def legacy_cleanup(self):
        subprocess.check_call(['sudo', 'ip', 'netns', 'delete', self.name])  # expect: DVR103

    def list_namespaces(self):
        cmd = ['neutron-rootwrap', '/etc/neutron/rootwrap.conf', 'ip', 'netns']
        return subprocess.check_output(cmd)  # expect: DVR103

    def reload_sysctl(self):
        os.system('sudo sysctl --system')  # expect: DVR103

    # ---- negatives -------------------------------------------------------

    def create_privileged(self):
        priv_ip_lib.create_netns(self.name)  # ok: privsep entry point

    def create_local(self):
        create_netns(self.name)  # ok: calls the privsep function above

    def exists(self):
        return agent_utils.execute(['ip', 'netns', 'list'], run_as_root=False)  # ok: explicitly unprivileged

    def show_addresses(self, device):
        return agent_utils.execute(['ip', '-o', 'addr', 'show', device])  # ok: no run_as_root

    def list_namespaces_privsep(self):
        return agent_utils.execute(['ip', 'netns', 'list'], run_as_root=True,  # ok: privsep_exec runs it in the privsep daemon
                                   privsep_exec=True)

    def execute(self, cmd, run_as_root=False):
        return agent_utils.execute(cmd, run_as_root=run_as_root)  # ok: not the literal True

    def audit_sudoers(self):
        return subprocess.check_output(  # ok: 'rootwrap' is not the first element
            ['grep', '-r', 'rootwrap', '/etc/sudoers.d'])

    def spawn_keepalived(self, uuid):
        pm = external_process.ProcessManager(  # ok: ProcessManager is not a process helper
            conf=self.agent_conf, uuid=uuid, namespace=self.name,
            run_as_root=True)
        pm.enable()

    # ---- suppressed ------------------------------------------------------

    def garbage_collect(self):
        agent_utils.execute(['ip', '-all', 'netns', 'delete'], run_as_root=True)  # dvr-hints: ignore[DVR103]
