"""Interactive helper: the command is built by a function and run by the caller."""
import os


def offload_off_command(interface):
    return 'ethtool -K %s tx off rx off' % interface


def main():
    interface = input('interface to fix: ').strip()
    os.system(offload_off_command(interface))  # expect: DVR101


main()
