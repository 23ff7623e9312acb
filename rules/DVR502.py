# Fixture for DVR502 (kernel-resource-without-cleanup).
# Namespace and device setup in the style of neutron/agent/l3/dvr_snat_ns.py,
# dvr_fip_ns.py and dvr_local_router.py.

from oslo_log import log as logging
from oslo_utils import excutils

from neutron.agent.linux import ip_lib
from neutron.common import utils as common_utils

LOG = logging.getLogger(__name__)

SNAT_NS_PREFIX = 'snat-'
FIP_NS_PREFIX = 'fip-'


class SnatNamespaceSetup(object):
    """Creates the SNAT namespace; nothing in this class removes it."""

    def __init__(self, router_id, agent_conf, driver):
        self.name = SNAT_NS_PREFIX + router_id
        self.agent_conf = agent_conf
        self.driver = driver

    def create(self):
        ip_wrapper = ip_lib.IPWrapper()
        # Positive: namespace created, then sysctl and plug can fail.
        ip_wrapper.ensure_namespace(self.name)  # expect: DVR502
        ip_lib.sysctl(['net.ipv4.ip_forward=1'], namespace=self.name)
        ip_lib.sysctl(['net.ipv4.conf.all.send_redirects=0'],
                      namespace=self.name)

    def create_for_metadata(self, router_id):
        ns_name = 'qrouter-' + router_id
        # Positive: privileged namespace creation followed by more helpers.
        ip_lib.create_network_namespace(ns_name)  # expect: DVR502
        ip_lib.IPDevice('lo', namespace=ns_name).link.set_up()

    def create_only(self):
        # Negative: nothing that can fail follows the creation.
        ip_lib.IPWrapper().netns.add(self.name)  # ok: last fallible call
        LOG.debug("Created SNAT namespace %s", self.name)


class FipNamespaceConnector(object):
    """Wires a router namespace to the FIP namespace (no cleanup here)."""

    def __init__(self, fip_ns_name, agent_conf):
        self.fip_ns_name = fip_ns_name
        self.agent_conf = agent_conf

    def create_rtr_2_fip_link(self, ri, rtr_2_fip_name, fip_2_rtr_name):
        ip_wrapper = ip_lib.IPWrapper(namespace=ri.ns_name)
        # Positive: veth pair created, then MTU and link state may fail.
        int_dev = ip_wrapper.add_veth(rtr_2_fip_name,  # expect: DVR502
                                      fip_2_rtr_name,
                                      self.fip_ns_name)
        int_dev[0].link.set_mtu(self.agent_conf.network_device_mtu)
        int_dev[1].link.set_mtu(self.agent_conf.network_device_mtu)
        int_dev[0].link.set_up()
        int_dev[1].link.set_up()

    def add_fip_gateway_dummy(self, name, cidr):
        ip_wrapper = ip_lib.IPWrapper(namespace=self.fip_ns_name)
        # Positive: a try that only logs is not cleanup.
        dev = ip_wrapper.add_dummy(name)  # expect: DVR502
        try:
            dev.addr.add(cidr)
            dev.link.set_up()
        except RuntimeError:
            LOG.warning("Unable to configure dummy device %s", name)

    def create_tunnel(self, name, vni, local_ip):
        ip_wrapper = ip_lib.IPWrapper(namespace=self.fip_ns_name)
        # Positive: VXLAN device, then link up.
        vxlan = ip_wrapper.add_vxlan(name, vni, local=local_ip)  # expect: DVR502
        vxlan.link.set_up()
        common_utils.wait_until_true(lambda: vxlan.exists(), timeout=5)


class SnatNamespace(object):
    """Has a matching delete, so creation elsewhere in it is not flagged."""

    def __init__(self, router_id, driver):
        self.name = SNAT_NS_PREFIX + router_id
        self.driver = driver

    def create(self):
        ip_wrapper = ip_lib.IPWrapper()
        # Negative: the class has a delete method.
        ip_wrapper.ensure_namespace(self.name)
        ip_lib.sysctl(['net.ipv4.ip_forward=1'], namespace=self.name)

    def delete(self):
        ip_lib.delete_network_namespace(self.name)


class FipNamespace(object):
    """Cleans up through garbage_collect."""

    def __init__(self, ext_net_id, agent_conf):
        self.name = FIP_NS_PREFIX + ext_net_id
        self.agent_conf = agent_conf

    def create(self):
        # Negative: the class has garbage_collect.
        ip_lib.create_network_namespace(self.name)
        ip_lib.sysctl(['net.ipv4.ip_nonlocal_bind=1'], namespace=self.name)

    def garbage_collect(self, stale_devices):
        for device in stale_devices:
            LOG.debug("Scheduling %s for removal", device)


class RouterNamespaceWiring(object):
    """Deletes the veth pair on failure within the same try."""

    def connect(self, ns_name, left, right, peer_ns, mtu):
        ip_wrapper = ip_lib.IPWrapper(namespace=ns_name)
        # Negative: the except path deletes the object and re-raises.
        devs = ip_wrapper.add_veth(left, right, peer_ns)
        try:
            devs[0].link.set_mtu(mtu)
            devs[0].link.set_up()
        except Exception:
            with excutils.save_and_reraise_exception():
                ip_wrapper.del_veth(left)

    def add_tap(self, ns_name, tap_name):
        ip_wrapper = ip_lib.IPWrapper(namespace=ns_name)
        created = False
        # Negative: a finally block removes the device when setup fails.
        tap = ip_wrapper.add_tuntap(tap_name)
        try:
            tap.link.set_up()
            created = True
        finally:
            if not created:
                tap.link.delete()


class VlanSubinterfaceHelper(object):
    """No cleanup anywhere; the one finding here is suppressed."""

    def add_vlan(self, ns_name, parent, vlan_id):
        ip_wrapper = ip_lib.IPWrapper(namespace=ns_name)
        name = '%s.%d' % (parent, vlan_id)
        vlan = ip_wrapper.add_vlan(name, parent, vlan_id)  # dvr-hints: ignore[DVR502]
        vlan.link.set_up()
