# Fixture for DVR801 (six-compat).
# Legacy DVR code in the style of neutron/agent/l3 before the py3-only cleanup.
# This comment mentions six.iteritems and six.moves, which is not code.

import abc
import sys

import six  # expect: DVR801
from six import moves  # expect: DVR801
from six.moves import range  # expect: DVR801
from six.moves.urllib import parse as urlparse  # expect: DVR801
from oslo_log import log as logging

from neutron.agent.linux import ip_lib
import sixlib  # ok: a different module

LOG = logging.getLogger(__name__)

SIX_MOVES_DOC = 'six.moves'  # ok: a string, not code


@six.add_metaclass(abc.ABCMeta)  # expect: DVR801
class FipNamespaceBase(object):

    def __init__(self):
        self.six_count = 6  # ok: attribute name, not the module

    @abc.abstractmethod
    def create(self):
        pass


class FipRuleBase(six.with_metaclass(abc.ABCMeta, object)):  # expect: DVR801

    @abc.abstractmethod
    def add(self, priority):
        pass


class DvrLocalRouter(object):

    def __init__(self, router, ns_name):
        self.router = router
        self.ns_name = ns_name
        self.rule_priorities = {}

    def _process_fips(self, fips_by_id):
        for fip_id, fip in six.iteritems(fips_by_id):  # expect: DVR801
            if isinstance(fip['floating_ip_address'], six.string_types):  # expect: DVR801
                LOG.debug("FIP %s", six.text_type(fip_id))  # expect: DVR801
        for prio in six.itervalues(self.rule_priorities):  # expect: DVR801
            LOG.debug("Priority %d in use", prio)
        return list(six.iterkeys(fips_by_id))  # expect: DVR801

    def _validate(self, value):
        allowed = six.string_types + (int,)  # expect: DVR801
        if isinstance(value, six.integer_types):  # expect: DVR801
            return value
        if isinstance(value, six.binary_type):  # expect: DVR801
            value = value.decode('utf-8')
        return allowed, value

    def _encode_mac(self, mac):
        if six.PY2:  # expect: DVR801
            return mac
        # Two uses on one line: one expectation for the line.
        return six.text_type(six.b(mac), 'ascii')  # expect: DVR801

    def _greeting(self):
        return six.u('router ready')  # expect: DVR801

    def _rule_table(self, ports):
        indices = list(six.moves.range(len(ports)))  # expect: DVR801
        names = list(six.moves.map(str, indices))  # expect: DVR801
        pairs = dict(six.moves.zip(names, ports))  # expect: DVR801
        for i in range(3):  # ok: bare name; the import line is the finding
            LOG.debug("Attempt %d", i)
        return pairs

    def _metadata_url(self, host, path):
        query = six.moves.urllib.parse.urlencode({'router': host})  # expect: DVR801
        return urlparse.urljoin(host, path) + '?' + query

    def _new_work_queue(self):
        return six.moves.queue.Queue()  # expect: DVR801

    def _read_conf(self, path):
        parser = six.moves.configparser.ConfigParser()  # expect: DVR801
        parser.read(path)
        return parser

    def _is_ok(self, status):
        return status == six.moves.http_client.OK  # expect: DVR801

    def _dump(self, data):
        buf = six.StringIO()  # expect: DVR801
        raw = six.BytesIO(data)  # expect: DVR801
        buf.write(raw.getvalue().decode('utf-8'))
        return buf.getvalue()

    def _reraise(self):
        exc_info = sys.exc_info()
        six.reraise(exc_info[0], exc_info[1], exc_info[2])  # expect: DVR801

    def _wrap(self, func):
        @six.wraps(func)  # expect: DVR801
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)
        return wrapper

    def _moves_input(self):
        return moves.input('continue? ')  # ok: imported name; reported on its import line

    def _look_alikes(self):
        # ok: a different module and a string mentioning six.
        helper = sixlib.Helper()
        LOG.debug("Removed six.moves usage from %s", self.ns_name)
        return helper

    def _legacy(self, fips):
        # Suppressed: not a finding.
        return dict(six.iteritems(fips))  # dvr-hints: ignore[DVR801]

    def _device(self, name):
        return ip_lib.IPDevice(name, namespace=self.ns_name)
