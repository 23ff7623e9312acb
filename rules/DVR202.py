"""Fixture for DVR202 (device-name-unbounded).

Device creation in the style of neutron/agent/l3/dvr_edge_router.py and
dvr_fip_ns.py.
"""

from neutron_lib import constants as lib_constants

from neutron.agent.linux import ip_lib

TAP_PREFIX = 'tap'
SNAT_INT_DEV_PREFIX = lib_constants.SNAT_INT_DEV_PREFIX
DEVICE_NAME_MAX_LEN = lib_constants.DEVICE_NAME_MAX_LEN


class DvrEdgeDevices(object):

    def __init__(self, router_id, driver, snat_namespace, fip_ns):
        self.router_id = router_id
        self.driver = driver
        self.snat_namespace = snat_namespace
        self.fip_ns = fip_ns

    # ---- positives -------------------------------------------------------

    def external_gateway_added(self, ex_gw_port, ns_name):
        device = ip_lib.IPDevice('qg-' + ex_gw_port['id'], namespace=ns_name)  # expect: DVR202
        device.link.set_up()

    def create_rtr_2_fip_link(self, fip_ns_name):
        ip_wrapper = ip_lib.IPWrapper(namespace=self.snat_namespace.name)
        ip_wrapper.add_veth('rfp-' + self.router_id, 'fpr-' + self.router_id[:11], namespace2=fip_ns_name)  # expect: DVR202

    def plug_snat_port(self, port):
        interface_name = 'sg-%s' % port['id']
        self.driver.plug(port['network_id'], port['id'], interface_name,  # expect: DVR202
                         port['mac_address'],
                         namespace=self.snat_namespace.name,
                         prefix=SNAT_INT_DEV_PREFIX)

    def plug_internal_port(self, network_id, port_id, mac_address):
        self.driver.plug(  # expect: DVR202
            network_id, port_id,
            device_name=f'qr-{port_id}',
            mac_address=mac_address)

    def add_gateway_dummy(self, gw_port_id):
        ip_lib.IPWrapper().add_dummy('fg-{}'.format(gw_port_id))  # expect: DVR202

    def add_tap(self, port):
        ip_lib.IPWrapper().add_tuntap(TAP_PREFIX + port['id'])  # expect: DVR202

    # ---- negatives -------------------------------------------------------

    def internal_network_added(self, port):
        interface_name = self.get_internal_device_name(port['id'])
        ip_lib.IPDevice(interface_name, namespace=self.snat_namespace.name)  # ok: name from a helper

    def snat_device(self, port):
        return ip_lib.IPDevice(self._get_snat_int_device_name(port['id']))  # ok: name from a helper

    def create_fip_link(self, fip_ns_name):
        rtr_2_fip_name = self.fip_ns.get_rtr_ext_device_name(self.router_id)
        fip_2_rtr_name = self.fip_ns.get_int_device_name(self.router_id)
        ip_wrapper = ip_lib.IPWrapper(namespace=self.snat_namespace.name)
        ip_wrapper.add_veth(rtr_2_fip_name, fip_2_rtr_name, namespace2=fip_ns_name)  # ok: names from helpers

    def gateway_device(self, ex_gw_port):
        return ip_lib.IPDevice('qg-' + ex_gw_port['id'][:11])  # ok: id sliced

    def sg_device(self, port_id):
        name = (SNAT_INT_DEV_PREFIX + port_id)[:DEVICE_NAME_MAX_LEN]
        return ip_lib.IPDevice(name)  # ok: whole name sliced

    def external_device(self, interface_name, ns_name):
        return ip_lib.IPDevice(interface_name, namespace=ns_name)  # ok: passed in unchanged, not built here

    def loopback(self, ns_name):
        return ip_lib.IPDevice('lo', namespace=ns_name)  # ok: constant name

    def gateway_exists(self, ex_gw_port, ns_name):
        return ip_lib.device_exists('qg-' + ex_gw_port['id'], namespace=ns_name)  # ok: lookup, not a device-creating call

    def unplug_snat_port(self, port):
        self.driver.unplug('sg-' + port['id'], namespace=self.snat_namespace.name)  # ok: unplug is not a device-creating call

    def get_internal_device_name(self, port_id):
        return ('qr-' + port_id)[:DEVICE_NAME_MAX_LEN]

    def _get_snat_int_device_name(self, port_id):
        return (SNAT_INT_DEV_PREFIX + port_id)[:DEVICE_NAME_MAX_LEN]

    # ---- suppressed ------------------------------------------------------

    def add_ha_device(self, ha_port):
        ip_lib.IPWrapper().add_dummy('ha-' + ha_port['id'])  # dvr-hints: ignore[DVR202]
