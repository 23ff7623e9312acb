"""Fixture for DVR101 (shell-command-from-data).

Helpers in the style of neutron/agent/l3/dvr_edge_router.py that shell out
from the L3 agent.
"""

import asyncio
import os
import re
import shlex
import subprocess
import subprocess as sp
import sys
from subprocess import Popen as launch

import netaddr
from oslo_log import log as logging
from oslo_utils import uuidutils

from neutron.agent.linux import ip_lib
from neutron.agent.linux import utils as agent_utils

LOG = logging.getLogger(__name__)

CONNTRACK_FLUSH_CMD = 'conntrack -F'
IPTABLES_TABLES = ('filter', 'nat', 'mangle', 'raw')


class DvrEdgeShellHelpers(object):

    def __init__(self, agent_conf, router_id):
        self.agent_conf = agent_conf
        self.router_id = router_id
        self.snat_ns_name = 'snat-%s' % router_id

    # ---- positives -------------------------------------------------------

    def send_garp(self, ns_name, interface_name, ip_address):
        cmd = 'ip netns exec %s arping -A -c 3 -I %s %s' % (
            ns_name, interface_name, ip_address)
        subprocess.check_call(cmd, shell=True)  # expect: DVR101(severity:medium)

    def flush_fip_conntrack(self, fip):
        os.system('conntrack -D -d %s' % fip['floating_ip_address'])  # expect: DVR101(severity:medium)

    def list_snat_links(self):
        pipe = os.popen('ip netns exec %s ip -o link' % self.snat_ns_name)  # expect: DVR101(severity:medium)
        return pipe.read()

    def reload_keepalived(self):
        pid_file = self.agent_conf.ha_confs_path + '/keepalived.pid'
        subprocess.call('kill -HUP $(cat %s)' % pid_file, shell=True)  # ok: oslo.config options are the operator's

    def get_device_addresses(self, device_name):
        return subprocess.getoutput('ip -o addr show dev %s' % device_name)  # expect: DVR101(severity:medium)

    def disable_snat_redirects(self, sn_int):
        ip_wrapper = ip_lib.IPWrapper(namespace=self.snat_ns_name)
        ip_wrapper.netns.execute(  # expect: DVR101(severity:medium)
            ['sh', '-c',
             'echo 0 > /proc/sys/net/ipv4/conf/%s/send_redirects' % sn_int],
            check_exit_code=False)

    def add_fip_route(self, fip_cidr, rtr_2_fip_name):
        # Parameter and self attribute together: the parameter names the finding.
        cmd = ' '.join(['ip', 'netns', 'exec', self.snat_ns_name,
                        'ip', 'route', 'replace', fip_cidr,
                        'dev', rtr_2_fip_name])
        subprocess.check_output(cmd, shell=True)  # expect: DVR101(severity:medium)

    def _run_in_shell(self, cmd):
        # A wrapper that hands its parameter to a shell is itself a sink.
        return subprocess.check_output(cmd, shell=True)  # expect: DVR101(severity:medium)

    def flush_all_conntrack(self):
        subprocess.check_call(CONNTRACK_FLUSH_CMD, shell=True)  # expect: DVR101(low)

    def reload_sysctl(self):
        os.system('sysctl --system')  # expect: DVR101(low)

    # ---- negatives -------------------------------------------------------

    def send_garp_without_shell(self, ns_name, interface_name, ip_address):
        agent_utils.execute(  # ok: list command, no shell involved
            ['ip', 'netns', 'exec', ns_name, 'arping', '-A', '-c', '3',
             '-I', interface_name, ip_address],
            run_as_root=True)

    def delete_conntrack_entry(self, fixed_ip):
        subprocess.check_call(  # ok: shell=False with a list command
            ['conntrack', '-D', '-d', fixed_ip], shell=False)

    def sync_disks(self):
        subprocess.check_call('sync')  # ok: constant string, no shell

    def show_device(self, device_name):
        cmd = 'ip -o link show dev %s' % shlex.quote(device_name)
        return subprocess.check_output(cmd, shell=True)  # ok: value quoted with shlex.quote

    def add_vlan_device(self, segmentation_id):
        vlan = int(segmentation_id)
        os.system('ip link add link eth1 name eth1.%d type vlan id %d' % (vlan, vlan))  # ok: int() sanitises

    def ping_gateway(self, gateway_ip):
        ip = netaddr.IPAddress(gateway_ip)
        return subprocess.call('ping -c 1 -W 1 %s' % ip, shell=True)  # ok: netaddr sanitises

    def namespace_pids(self, ns_name):
        if not re.fullmatch(r'(qrouter|snat|fip)-[0-9a-f-]{36}', ns_name):
            raise ValueError('unexpected namespace name %s' % ns_name)
        return subprocess.check_output('ip netns pids %s' % ns_name, shell=True)  # ok: re.fullmatch guard

    def dump_table(self, table):
        if table not in IPTABLES_TABLES:
            raise ValueError(table)
        return subprocess.check_output('iptables-save -t %s' % table, shell=True)  # ok: membership test on a constant set

    def router_pids(self, router_id):
        if not uuidutils.is_uuid_like(router_id):
            return ''
        return os.popen('ip netns pids qrouter-%s' % router_id).read()  # ok: is_uuid_like guard

    def log_command(self, ns_name, interface_name):
        cmd = 'ip netns exec %s ip link set %s up' % (ns_name, interface_name)
        LOG.debug('Would run %s', cmd)  # ok: logged, never run

    def popen(self, args, stdin=None, shell=False):
        # A wrapper whose shell is off unless its caller asks: the caller is the place to look.
        return subprocess.Popen(args, shell=shell, stdin=stdin)  # ok: shell defaults to False

    def execute(self, *cmd, **kwargs):
        shell = kwargs.pop('shell', False)
        return subprocess.Popen(' '.join(cmd), shell=shell)  # ok: shell defaults to False

    def popen_with_shell(self, args, shell=True):
        return subprocess.Popen(args, shell=shell)  # expect: DVR101(severity:medium)

    # ---- threat-model sources reach the shell: high ------------------------

    def run_from_environment(self):
        extra = os.environ.get('DVR_EXTRA_ARGS', '')
        os.system('ip route show ' + extra)  # expect: DVR101(high)

    def prompt_and_run(self):
        name = input('device: ')
        return subprocess.check_output('ip link show %s' % name, shell=True)  # expect: DVR101(high)

    def replay_from_socket(self, sock):
        data = sock.recv(1024).decode()
        subprocess.Popen(data, shell=1)  # expect: DVR101(high)

    def rename_port_device(self, port):
        # A tenant chooses a port's name: it is untrusted even in a payload the server sent.
        label = port['name']
        os.system('ip link set dev tap0 alias %s' % label)  # expect: DVR101(high)

    def run_in_shell_list(self, cmd_file):
        script = open(cmd_file).read()
        os.execl('/bin/sh', 'sh', '-c', script)  # expect: DVR101(high)

    def run_on_host(self, client):
        client.exec_command('cat /etc/%s' % os.getenv('CONF_NAME'))  # expect: DVR101(high)

    def tail_remote_log(self, client):
        count = sys.argv[2]
        client.exec_command('tail -n ' + count)  # expect: DVR101(high)

    def ssh_execute(self, client, cmd):
        # Remote execution always goes through the remote shell: the caller chose the command.
        return client.exec_command(cmd)  # ok: no source reaches it; callers that pass one are reported

    async def run_async(self):
        await asyncio.create_subprocess_shell('ping -c1 ' + sys.argv[1])  # expect: DVR101(high)

    def run_through_alias(self):
        launch('tcpdump -i %s' % sys.argv[2], shell=True)  # expect: DVR101(high)

    def run_through_module_alias(self):
        sp.call('ip netns exec %s true' % os.environ['NS'], shell=True)  # expect: DVR101(high)

    # ---- look-alikes that stay clean under the default threat models ---------

    def plug_tap(self, port):
        # A device name is a constant prefix and a UUID: never shell syntax.
        device = 'tap' + port['id'][:11]
        os.system('ip link set %s up' % device)  # ok: prefix plus a UUID

    def cleanup_router_namespace(self, router_id):
        os.system('ip netns delete qrouter-%s' % router_id)  # ok: a *_id parameter is a UUID

    # ---- suppressed ------------------------------------------------------

    def hup_radvd(self, router_name):
        os.system('pkill -HUP -f radvd-%s' % router_name)  # nosec B605

    def tcpdump_snat(self, interface_name):
        subprocess.Popen('tcpdump -ni %s' % interface_name, shell=True)  # dvr-hints: ignore[DVR101]


# Module-level code is analysed too.
subprocess.call("grep -R {} .".format(sys.argv[1]), shell=True)  # expect: DVR101(high)
