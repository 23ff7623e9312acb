"""Unit tests of the DVR edge router's gateway handling.

Code under tests/ is treated differently: unchecked payload reads (DVR201)
are not reported, and fake credentials (DVR601) are reported at low
severity only.
"""

from unittest import mock

from neutron_agent.l3 import dvr_edge_router
from neutron_agent.linux import ip_lib
from neutron_agent.tests import base

FAKE_ROUTER_ID = '5b4a1e2c-7f3d-4c1b-9a8e-2d6f0c3b1a97'
FAKE_GW_PORT_ID = '9f2c6d1e-3a4b-4c5d-8e7f-0a1b2c3d4e5f'
FAKE_GW_IP = '203.0.113.10'
FAKE_PASSWORD = 'fake-password'  # expect: DVR601(severity:low)


class FakeDvrEdgeRouter(dvr_edge_router.DvrEdgeRouter):

    def external_gateway_added(self, ex_gw_port, interface_name):
        self.gw_ip = ex_gw_port['fixed_ips'][0]['ip_address']
        self.gw_interface_name = interface_name


class TestDvrEdgeRouter(base.BaseTestCase):

    def setUp(self):
        super(TestDvrEdgeRouter, self).setUp()
        self.conf = mock.Mock()
        self.conf.metadata_proxy_shared_secret = 'unit-test-secret'  # expect: DVR601(severity:low)
        self.ex_gw_port = {
            'id': FAKE_GW_PORT_ID,
            'network_id': 'ext-net',
            'fixed_ips': [{'ip_address': FAKE_GW_IP, 'prefixlen': 24,
                           'subnet_id': 'ext-subnet'}],
        }
        self.ri = FakeDvrEdgeRouter(mock.Mock(), FAKE_ROUTER_ID, self.conf)

    def test_external_gateway_added_records_gateway_ip(self):
        self.ri.external_gateway_added(self.ex_gw_port, 'qg-9f2c6d1e-3a')
        self.assertEqual(FAKE_GW_IP, self.ri.gw_ip)
        self.assertEqual('qg-9f2c6d1e-3a', self.ri.gw_interface_name)

    def test_delete_removes_snat_namespace(self):
        self.ri.snat_namespace = mock.Mock()
        self.ri.snat_namespace.exists.return_value = True
        with mock.patch.object(dvr_edge_router.DvrLocalRouter, 'delete'):
            self.ri.delete()
        self.ri.snat_namespace.delete.assert_called_once_with()

    def test_set_gateway_accept_ra_validates_name(self):
        with mock.patch.object(ip_lib, 'sysctl') as sysctl:
            self.ri._set_gateway_accept_ra('qg-9f2c6d1e-3a')
        sysctl.assert_called_once_with(
            ['net.ipv6.conf.qg-9f2c6d1e-3a.accept_ra=2'],
            namespace=self.ri.snat_namespace.name)
