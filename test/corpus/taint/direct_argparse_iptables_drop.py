"""Operator tool: drops traffic from a source range on the metadata proxy."""
import argparse

from neutron.agent.linux import iptables_manager


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--source')
    args = parser.parse_args()
    manager = iptables_manager.IptablesManager()
    manager.ipv4['filter'].add_rule('INPUT', '-s %s -p tcp --dport 9697 -j DROP' % args.source)  # expect: DVR104
    manager.apply()
