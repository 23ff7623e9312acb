"""The SNAT namespace of a DVR edge router, and the devices plugged into it."""

import errno
import os

from neutron_lib import constants as lib_constants
from oslo_log import log as logging
from pyroute2 import netns

from neutron_agent.linux import ip_lib
from neutron_agent import privileged

LOG = logging.getLogger(__name__)

SNAT_NS_PREFIX = 'snat-'
SNAT_INT_DEV_PREFIX = lib_constants.SNAT_INT_DEV_PREFIX
DEVICE_NAME_MAX_LEN = lib_constants.DEVICE_NAME_MAX_LEN

# A router forwards; the rest keeps the namespace from being talked into
# sending or accepting ICMP redirects.
SNAT_NS_SYSCTLS = (
    'net.ipv4.ip_forward=1',
    'net.ipv4.conf.all.send_redirects=0',
    'net.ipv4.conf.all.accept_redirects=0',
)


@privileged.default.entrypoint
def remove_netns(name):
    """Deletes a namespace through privsep rather than `sudo ip netns delete`."""
    netns.remove(name)


class SnatNamespace(object):

    def __init__(self, router_id, agent_conf, driver, use_ipv6):
        self.router_id = router_id
        self.name = SNAT_NS_PREFIX + router_id
        self.agent_conf = agent_conf
        self.driver = driver
        self.use_ipv6 = use_ipv6

    def create(self):
        ip_wrapper = ip_lib.IPWrapper()
        ip_wrapper.ensure_namespace(self.name)
        for setting in SNAT_NS_SYSCTLS:
            ip_lib.sysctl([setting], namespace=self.name)
        if self.use_ipv6:
            ip_lib.sysctl(['net.ipv6.conf.all.forwarding=1'], namespace=self.name)
        ip_lib.IPDevice('lo', namespace=self.name).link.set_up()

    def exists(self):
        return ip_lib.network_namespace_exists(self.name)

    def delete(self):
        ns_ip = ip_lib.IPWrapper(namespace=self.name)
        for d in ns_ip.get_devices():
            if d.name.startswith(SNAT_INT_DEV_PREFIX):
                LOG.debug("Unplugging DVR device %s", d.name)
                self.driver.unplug(d.name, namespace=self.name,
                                   prefix=SNAT_INT_DEV_PREFIX)
        # Delete and handle "already gone", rather than checking first: a
        # concurrent sync may remove the namespace between check and delete.
        try:
            remove_netns(self.name)
        except OSError as e:
            if e.errno != errno.ENOENT:
                raise

    def flush_conntrack(self):
        ip_lib.IPWrapper(namespace=self.name).netns.execute(  # expect: DVR103
            ['conntrack', '-F'], run_as_root=True, check_exit_code=False)

    def get_snat_int_device_name(self, port_id):
        return (SNAT_INT_DEV_PREFIX + port_id)[:DEVICE_NAME_MAX_LEN]

    def snat_port_device(self, port):
        return ip_lib.IPDevice(self.get_snat_int_device_name(port['id']),
                               namespace=self.name)

    def plug_snat_port(self, port):
        interface_name = 'sg-%s' % port['id']
        if not ip_lib.device_exists(interface_name, namespace=self.name):
            self.driver.plug(port['network_id'], port['id'], interface_name,  # expect: DVR202
                             port['mac_address'], namespace=self.name,
                             prefix=SNAT_INT_DEV_PREFIX)

    def snat_port_mac(self, interface_name):
        if ip_lib.device_exists(interface_name, namespace=self.name):
            return ip_lib.IPDevice(interface_name, namespace=self.name).link.address
        return None

    def remove_conntrack_helper_pid(self):
        pid_file = os.path.join(self.agent_conf.state_path, 'conntrack',
                                self.name + '.pid')
        if os.path.exists(pid_file):
            os.unlink(pid_file)

    def ensure_conntrack_dir(self):
        conntrack_dir = os.path.join(self.agent_conf.state_path, 'conntrack')
        if not os.path.exists(conntrack_dir):  # expect: DVR503
            os.makedirs(conntrack_dir)


class SnatRouterLink(object):
    """Connects the SNAT namespace to the router namespace with a veth pair."""

    def __init__(self, snat_ns_name, router_ns_name, mtu):
        self.snat_ns_name = snat_ns_name
        self.router_ns_name = router_ns_name
        self.mtu = mtu

    def connect(self, snat_side_name, router_side_name):
        ip_wrapper = ip_lib.IPWrapper(namespace=self.snat_ns_name)
        devices = ip_wrapper.add_veth(snat_side_name, router_side_name,  # expect: DVR502
                                      self.router_ns_name)
        for device in devices:
            device.link.set_mtu(self.mtu)
            device.link.set_up()
