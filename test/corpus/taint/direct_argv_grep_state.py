"""Searches the agent's state files for a pattern given on the command line."""
import subprocess
import sys

STATE_DIR = '/var/lib/neutron'


def main():
    pattern = sys.argv[1]
    out = subprocess.check_output('grep -R %s %s' % (pattern, STATE_DIR), shell=True)  # expect: DVR101
    sys.stdout.write(out.decode())


if __name__ == '__main__':
    main()
