"""Safe look-alike: a port number from the environment, converted with int() before the rule helper."""
import os

from neutron.agent.linux import iptables_manager


def _allow_port(manager, port):
    manager.ipv4['filter'].add_rule('INPUT', '-p tcp --dport %s -j ACCEPT' % port)


def setup_metadata_rules():
    manager = iptables_manager.IptablesManager()
    port = int(os.environ.get('METADATA_PORT', '9697'))
    _allow_port(manager, port)  # ok: DVR104
    manager.apply()
