"""Safe look-alike: an address from the command line checked with ipaddress before arping runs."""
import ipaddress
import os
import sys


def _announce(device, address):
    os.system('arping -U -c 3 -I %s %s' % (device, address))


def main():
    address = str(ipaddress.ip_address(sys.argv[1]))
    _announce('qg-gateway', address)  # ok: DVR101
