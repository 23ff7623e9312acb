"""Tool that sets an option on an OVS bridge: the bridge comes from argparse."""
import argparse
import subprocess


def set_bridge_option(bridge, option):
    subprocess.check_call(['ovs-vsctl', 'set', 'Bridge', bridge, option])


def main():
    parser = argparse.ArgumentParser(description='tune an OVS bridge')
    parser.add_argument('--bridge', required=True)
    args = parser.parse_args()
    set_bridge_option(args.bridge, 'stp_enable=true')  # expect: DVR102


if __name__ == '__main__':
    main()
