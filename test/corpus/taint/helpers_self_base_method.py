"""A conntrack tool whose command runner lives in a base class of the same file."""
import subprocess
import sys


class CommandRunner(object):

    def _execute(self, cmd):
        proc = subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE)
        return proc.communicate()[0]


class ConntrackCli(CommandRunner):

    def flush_zone(self, zone):
        return self._execute('conntrack -D -w %s' % zone)

    def run(self):
        zone = sys.argv[2]
        return self.flush_zone(zone)  # expect: DVR101


if __name__ == '__main__':
    ConntrackCli().run()
