"""neutron-debug style tool: announces an address from a router namespace."""
import argparse
import os

import linux_utils
from linux_utils import set_alias as label_device


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('router_id')
    parser.add_argument('device')
    parser.add_argument('address')
    args = parser.parse_args()
    namespace = 'qrouter-' + args.router_id
    linux_utils.arping(namespace, args.device, args.address)  # expect: DVR101
    label_device(args.device, os.environ['DEVICE_ALIAS'])  # expect: DVR102
