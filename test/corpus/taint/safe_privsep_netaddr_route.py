"""Safe look-alike: a privsep-style route helper given addresses parsed by netaddr."""
import argparse
import subprocess

import netaddr


def add_route(namespace, cidr, via):
    # In Neutron this body is a privsep entrypoint; the arguments are already parsed here.
    subprocess.check_call(['ip', 'netns', 'exec', namespace, 'ip', 'route', 'replace', str(cidr), 'via', str(via)])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('cidr')
    parser.add_argument('via')
    args = parser.parse_args()
    cidr = netaddr.IPNetwork(args.cidr)
    via = netaddr.IPAddress(args.via)
    add_route('qrouter-metadata', cidr, via)  # ok: DVR102
