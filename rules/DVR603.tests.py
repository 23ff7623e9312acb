# fixture-path: neutron/tests/unit/agent/l3/test_dvr_fip_ns.py
# Fixture for DVR603 under tests/: addresses in tests are test data, not
# configuration baked into the agent, so none of them is reported.

from neutron.tests import base

FAKE_GW_IP = '10.0.0.1'  # ok: test data
FAKE_DNS = '8.8.8.8'  # ok: test data


class TestFipNamespace(base.BaseTestCase):

    def test_gateway(self):
        self.assertEqual('192.168.1.1', self._gateway('192.168.1.0/24'))  # ok: test data

    def _gateway(self, cidr):
        return cidr.replace('0/24', '1')
