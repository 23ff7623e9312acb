"""Safe look-alike: the helper converts its argument to an int first."""
import os
import sys


def set_rx_queues(device, count):
    queues = int(count)
    return os.system('ethtool -L eth0 combined %d' % queues)


def kill_by_pid(pid):
    return os.system('kill -HUP %d' % int(pid))


if __name__ == '__main__':
    set_rx_queues('eth0', sys.argv[1])
    kill_by_pid(os.environ['DNSMASQ_PID'])
