"""Fixture for DVR302 (swallowed-exception).

Cleanup paths in the style of neutron/agent/l3/dvr_local_router.py,
dvr_fip_ns.py and the L3 agent.
"""

from neutron_lib import exceptions
from oslo_concurrency import processutils
from oslo_log import log as logging
import oslo_messaging

from neutron.agent.linux import ip_lib

LOG = logging.getLogger(__name__)

PYROUTE2_AVAILABLE = False
try:  # ok: ImportError handlers may stay silent
    import pyroute2  # noqa: F401
    PYROUTE2_AVAILABLE = True
except ImportError:
    pass


class DvrCleanup(object):

    def __init__(self, ns_name, plugin_rpc, context):
        self.ns_name = ns_name
        self.plugin_rpc = plugin_rpc
        self.context = context
        self.floating_ips_dict = {}

    # ---- positives -------------------------------------------------------

    def flush_stale_routes(self, devices, table):
        for device in devices:
            try:
                device.route.flush(4, table=table)
            except RuntimeError:  # expect: DVR302(medium)
                continue

    def send_garp(self, interface_name, ip_address):
        try:
            ip_lib.send_ip_addr_adv_notif(self.ns_name, interface_name,
                                          ip_address, 3)
        except processutils.ProcessExecutionError:  # expect: DVR302
            return None

    def notify_server(self, fip_statuses):
        try:
            self.plugin_rpc.update_floatingip_statuses(
                self.context, self.ns_name, fip_statuses)
        except Exception:  # expect: DVR302(high)
            return

    def flush_all_conntrack(self, ip_wrapper):
        try:
            ip_wrapper.netns.execute(['conntrack', '-F'])
        except:  # noqa: E722  # expect: DVR302(high)
            pass

    def read_gateway_mtu(self, path):
        try:
            with open(path) as f:
                return int(f.read())
        except Exception:  # expect: DVR302(low)
            pass

    def delete_snat_namespace(self):
        try:
            ip_lib.delete_network_namespace(self.ns_name)
        except RuntimeError:  # expect: DVR302
            # TODO(someone): decide what to do here
            pass

    def configure_fip_device(self, device, fip_cidr):
        try:
            device.addr.add(fip_cidr)
            device.link.set_up()
            device.route.add_gateway('169.254.106.114')
        except AttributeError:  # expect: DVR302
            pass

    # ---- negatives -------------------------------------------------------

    def delete_gateway_device_if_exists(self, ns_ip_device, gw_ip_addr,
                                        snat_idx):
        try:  # ok: "not found" on delete is the success path
            ns_ip_device.route.delete_gateway(gw_ip_addr, table=snat_idx)
        except exceptions.DeviceNotFoundError:
            pass

    def remove_floating_ip_rule(self, floating_ip):
        try:  # ok: try-and-see on a dictionary
            del self.floating_ips_dict[floating_ip]
        except KeyError:
            ...

    def next_event(self, queue_module, events):
        try:  # ok: an empty queue is the normal case
            return events.get_nowait()
        except queue_module.Empty:
            return None

    def parse_vlan(self, other_config):
        try:  # ok: a specific error around code that changes nothing
            return int(other_config.get('segmentation_id'))
        except (TypeError, ValueError):
            pass

    def find_vf(self, paths, pci_addr):
        vf_num = None
        try:  # ok: the handler falls through to a raise
            for path in paths:
                vf_num = ip_lib.read_vf_number(path, pci_addr)
        except Exception:
            pass
        if vf_num is None:
            raise exceptions.DeviceNotFoundError(device_name=pci_addr)
        return vf_num

    def first_gateway(self, gateways):
        try:  # ok: StopIteration is the normal end of the search
            return next(g for g in gateways if g['ip_version'] == 4)
        except StopIteration:
            pass

    def run_forever(self, agent):
        try:  # ok: KeyboardInterrupt is how the operator stops the agent
            agent.daemon_loop()
        except KeyboardInterrupt:
            pass

    def supports_netns_exists(self):
        try:  # ok: AttributeError on a short feature probe
            probe = ip_lib.IPWrapper().netns.exists
        except AttributeError:
            return None
        return probe

    def delete_fip_gateway(self, device, table):
        try:  # ok: the handler explains in a comment
            device.route.delete_gateway(table=table)
        except exceptions.DeviceNotFoundError:
            # The L2 agent already removed the fg- device with the port,
            # so there is no gateway left to delete.
            pass

    def delete_rtr_2_fip_link(self, ip_wrapper, rtr_2_fip_name):
        try:  # ok: trailing comment on the body explains it
            ip_wrapper.del_veth(rtr_2_fip_name)
        except RuntimeError:
            pass  # the veth pair disappears with the FIP namespace anyway

    def remove_arp_entry(self, device, ip, mac):
        try:  # ok: the handler logs
            device.neigh.delete(ip, mac)
        except RuntimeError:
            LOG.debug("ARP entry for %s already gone", ip)
            return

    def add_fip(self, device, fip_cidr):
        try:  # ok: returns a failure status
            device.addr.add(fip_cidr)
        except RuntimeError:
            return False
        return True

    def get_routers(self):
        try:  # ok: re-raises
            return self.plugin_rpc.get_routers(self.context)
        except oslo_messaging.MessagingTimeout:
            raise

    # ---- suppressed ------------------------------------------------------

    def delete_conntrack_state(self, ip_wrapper, fixed_ip):
        try:
            ip_wrapper.netns.execute(['conntrack', '-D', '-d', fixed_ip],
                                     check_exit_code=True)
        except RuntimeError:  # nosec B110
            pass
