# Fixture for DVR503 (check-then-act).
# Gateway and namespace teardown in the style of
# neutron/agent/l3/dvr_edge_router.py and dvr_fip_ns.py.

import os

from oslo_log import log as logging

from neutron.agent.l3 import router_info as router
from neutron.agent.linux import ip_lib
from neutron.privileged.agent.linux import path as privileged_path

LOG = logging.getLogger(__name__)


class DvrEdgeRouter(object):

    def __init__(self, agent_conf, driver, snat_namespace, ns_name):
        self.agent_conf = agent_conf
        self.driver = driver
        self.snat_namespace = snat_namespace
        self.ns_name = ns_name

    def external_gateway_removed(self, ex_gw_port, interface_name):
        # Negative: device exists-then-unplug inside per-router processing is robustness.
        if ip_lib.device_exists(interface_name,
                                namespace=self.snat_namespace.name):
            self.driver.unplug(interface_name,
                               namespace=self.snat_namespace.name,
                               prefix=router.EXTERNAL_DEV_PREFIX)

        # Negative: namespace exists-then-delete inside router processing.
        if self.snat_namespace.exists():
            self.snat_namespace.delete()

    def _delete_fip_namespace(self, fip_ns_name):
        # Negative: namespace exists-then-delete.
        if ip_lib.network_namespace_exists(fip_ns_name):
            ip_lib.delete_network_namespace(fip_ns_name)

    def _cleanup_namespace(self, ip_wrapper, ns):
        # Negative: netns.exists then netns.delete.
        if ip_wrapper.netns.exists(ns):
            ip_wrapper.netns.delete(ns)

    def _plug_snat_port(self, network_id, port_id, interface_name, mac):
        # Negative: the plug of an agent-owned device; a retry of the router completes it.
        if not ip_lib.device_exists(interface_name,
                                    namespace=self.snat_namespace.name):
            self.driver.plug(network_id, port_id, interface_name, mac,
                             namespace=self.snat_namespace.name,
                             prefix=router.EXTERNAL_DEV_PREFIX)

    def _remove_pid_file(self, pid_file):
        # Negative: exists-then-unlink of a file only this agent writes.
        if os.path.exists(pid_file):
            os.unlink(pid_file)

    def _rotate_keepalived_conf(self, conf_path):
        # Negative: a private file, no concurrent writer.
        if os.path.isfile(conf_path):
            os.rename(conf_path, conf_path + '.old')

    def _ensure_conf_dir(self, conf_dir):
        # Positive: exists-then-makedirs races with another worker; exist_ok=True is the fix.
        if not os.path.exists(conf_dir):  # expect: DVR503(high)
            os.makedirs(conf_dir, 0o755)

    def _ensure_state_dirs(self, state_path, router_id):
        # Positive: the same race with os.mkdir.
        router_dir = os.path.join(state_path, router_id)
        if not os.path.isdir(router_dir) and os.path.exists(state_path):
            LOG.debug("Creating %s", router_dir)
        if not os.path.exists(router_dir):  # expect: DVR503(high)
            os.mkdir(router_dir)

    def _ensure_vtpm_dir(self, vtpm_dir):
        # Positive: the same race through a helper module's makedirs.
        if not os.path.exists(vtpm_dir):  # expect: DVR503(high)
            privileged_path.makedirs(vtpm_dir)
            privileged_path.chmod(vtpm_dir, 0o711)

    def _ensure_log_dir(self, log_dir):
        # Negative: exist_ok=True without a check.
        os.makedirs(log_dir, exist_ok=True)

    def _report_gateway(self, interface_name):
        # Negative: the body only reads and logs.
        if ip_lib.device_exists(interface_name, namespace=self.ns_name):
            device = ip_lib.IPDevice(interface_name, namespace=self.ns_name)
            LOG.debug("Gateway %s has MAC %s", interface_name,
                      device.link.address)

    def _log_snat_ns(self):
        # Negative: existence check that only logs.
        if self.snat_namespace.exists():
            LOG.debug("SNAT namespace %s present", self.snat_namespace.name)

    def _read_state(self, state_path):
        # Negative: check then read.
        if os.path.exists(state_path):
            with open(state_path) as state_file:
                return state_file.read()
        return None

    def _unplug_other(self, old_name, new_name):
        # Negative: the action is on a different device than the one checked.
        if ip_lib.device_exists(old_name, namespace=self.ns_name):
            self.driver.unplug(new_name, namespace=self.ns_name)

    def _delete_snat_namespace(self):
        # Negative: act and handle the error (the recommended fix).
        try:
            self.snat_namespace.delete()
        except ip_lib.NetworkNamespaceNotFound:
            LOG.debug("SNAT namespace already gone")

    def _remove_radvd_conf(self, conf_path):
        def _remove_state_file(self, state_path):
        # Negative: the race is handled: a vanished file is caught.
        try:
            if os.path.exists(state_path):
                os.unlink(state_path)
        except FileNotFoundError:
            LOG.debug("State file %s already gone", state_path)

    def _warn_missing_conf(self, conf_path):
        # Negative: creating a warning is not creating the file.
        if not os.path.exists(conf_path):
            self.create_warning(conf_path)

    # Suppressed: not a finding.
        if os.path.exists(conf_path):  # dvr-hints: ignore[DVR503]
            os.remove(conf_path)
