"""Fixture for DVR506 (xml-unsafe-parser).

A mechanism driver that talks NETCONF to switches and reads libvirt XML.
"""

import xml.etree.ElementTree as ET
from xml.dom import minidom
from xml.sax import make_parser

import defusedxml.ElementTree as SafeET
from lxml import etree

# Module level: the switch inventory is read at import time.
INVENTORY = ET.parse('/etc/neutron/switches.xml')  # expect: DVR506(low)
HARDENED = etree.XMLParser(resolve_entities=False, no_network=True)  # ok: hardened
TEMPLATE = ET.fromstring('<config/>')  # ok: constant document


def parse_reply(reply):
    # A helper every driver call goes through.
    return etree.fromstring(reply)  # expect: DVR506(high)


class NetconfDriver(object):

    def __init__(self, conf):
        self.conf = conf

    def interfaces(self, reply):
        root = ET.fromstring(reply)  # expect: DVR506
        return [e.text for e in root.iter('name')]

    def pretty(self, reply):
        return minidom.parseString(reply).toprettyxml()  # expect: DVR506

    def sax_handler(self, handler):
        parser = make_parser()  # expect: DVR506
        parser.setContentHandler(handler)
        return parser

    def lxml_parser(self):
        return etree.XMLParser(remove_blank_text=True)  # expect: DVR506

    # ---- negatives -------------------------------------------------------

    def interfaces_safe(self, reply):
        return SafeET.fromstring(reply)  # ok: defusedxml

    def lxml_hardened(self, reply):
        return etree.fromstring(reply, parser=HARDENED)  # ok: hardened parser

    def lxml_inline(self, reply):
        parser = etree.XMLParser(resolve_entities=False)
        return etree.fromstring(reply, parser)  # ok: hardened parser

    def build(self):
        return ET.Element('config')  # ok: building, not parsing

    def dump(self, element):
        return ET.tostring(element)  # ok: serialising
