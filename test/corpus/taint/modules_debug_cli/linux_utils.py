"""Shell helpers shared by the debugging tools."""
import subprocess


def execute_shell(command, namespace=None):
    if namespace:
        command = 'ip netns exec %s %s' % (namespace, command)
    return subprocess.check_output(command, shell=True)


def arping(namespace, device, address):
    return execute_shell('arping -U -c 1 -I %s %s' % (device, address), namespace=namespace)


def set_alias(device, alias):
    subprocess.check_call(['ip', 'link', 'set', 'dev', device, 'alias', alias])
