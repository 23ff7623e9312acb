# fixture-path: neutron/tests/unit/agent/l3/test_dvr.py
"""Fixture for DVR201 under tests/: nothing is reported here."""

from unittest import mock

from neutron.agent.l3 import dvr_edge_router
from neutron.tests import base


class FakeDvrEdgeRouter(dvr_edge_router.DvrEdgeRouter):

    def external_gateway_added(self, ex_gw_port, interface_name):
        self.gw_ip = ex_gw_port['fixed_ips'][0]['ip_address']  # ok: code under tests/

    def add_arp_entry(self, context, payload):
        self.arp_ip = payload['arp_table']['ip_address']  # ok: code under tests/


class TestDvrEdgeRouter(base.BaseTestCase):

    def setUp(self):
        super(TestDvrEdgeRouter, self).setUp()
        self.router = {'id': 'r1',
                       'gw_port': {'id': 'p1',
                                   'fixed_ips': [{'ip_address': '20.0.0.30',
                                                  'prefixlen': 24,
                                                  'subnet_id': 's1'}]}}
        self.ri = FakeDvrEdgeRouter(mock.Mock(), 'r1', self.router)

    def assert_gateway_configured(self, router, gw_port):
        self.assertEqual(router['gw_port']['id'], gw_port['id'])  # ok: code under tests/
        self.assertEqual('20.0.0.30',
                         gw_port['fixed_ips'][0]['ip_address'])  # ok: code under tests/

    def test_external_gateway_added(self):
        ex_gw_port = self.router['gw_port']
        self.ri.external_gateway_added(ex_gw_port, 'qg-p1')
        self.assert_gateway_configured(self.router, ex_gw_port)
        self.assertEqual(ex_gw_port['fixed_ips'][0]['ip_address'], self.ri.gw_ip)

    def check_payload(self, payload, port_info):
        self.assertIn('arp_table', payload)
        return port_info['fixed_ips'][0]['subnet_id']  # ok: code under tests/
