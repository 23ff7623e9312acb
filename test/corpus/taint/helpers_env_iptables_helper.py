"""Agent extension that blocks an address named in the environment."""
import os


def _block_source(iptables_manager, address):
    iptables_manager.ipv4['filter'].add_rule('INPUT', '-s %s -j DROP' % address)
    iptables_manager.apply()


def setup_blocklist(iptables_manager):
    address = os.environ['NEUTRON_BLOCK_ADDRESS']
    _block_source(iptables_manager, address)  # expect: DVR104
