"""Dumps the flows of one table: the table comes from optparse."""
import optparse
import os


class FlowDumper(object):

    def __init__(self, bridge):
        self.bridge = bridge

    def _ofctl(self, args):
        return os.popen('ovs-ofctl ' + args).read()

    def dump(self, table):
        return self._ofctl('dump-flows %s table=%s' % (self.bridge, table))


def main():
    parser = optparse.OptionParser()
    parser.add_option('--table', dest='table')
    (options, _args) = parser.parse_args()
    print(FlowDumper('br-int').dump(options.table))  # expect: DVR101


def dump_table(dumper):
    parser = optparse.OptionParser()
    parser.add_option('--table', dest='table')
    (options, _args) = parser.parse_args()
    return dumper.dump(options.table)  # miss: DVR101 (the receiver is a parameter of unknown type)
