"""NETCONF and REST clients of an SDN mechanism driver that parse XML replies."""

import xml.dom.minidom
import xml.etree.cElementTree as cET
import xml.etree.ElementTree as ET
import xml.sax
from xml.dom import pulldom
from xml.dom.expatbuilder import parseString as expat_parse
from xml.parsers import expat

import defusedxml.ElementTree as DET
import defusedxml.minidom as dminidom
import requests
from lxml import etree
from lxml.etree import fromstring as lxml_fromstring

SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)  # ok: hardened
INVENTORY = ET.fromstring(requests.get('https://sdn/inventory', timeout=10).text)  # expect: DVR506


def parse(reply):
    return etree.fromstring(reply)  # expect: DVR506


class NetconfClient(object):

    def __init__(self, conf):
        self.conf = conf

    def interfaces(self, reply):
        return ET.fromstring(reply).findall('interface')  # expect: DVR506

    def legacy(self, reply):
        return cET.XML(reply)  # expect: DVR506

    def stream(self, stream):
        return [e for e in ET.iterparse(stream)]  # expect: DVR506

    def dom(self, reply):
        return xml.dom.minidom.parseString(reply)  # expect: DVR506

    def pull(self, reply):
        return pulldom.parseString(reply)  # expect: DVR506

    def expat_builder(self, reply):
        return expat_parse(reply)  # expect: DVR506

    def sax(self, reply, handler):
        xml.sax.parseString(reply, handler)  # expect: DVR506

    def raw_expat(self):
        return expat.ParserCreate()  # expect: DVR506

    def lxml_alias(self, reply):
        return lxml_fromstring(reply)  # expect: DVR506

    def lxml_file(self, path):
        return etree.parse(path)  # expect: DVR506

    def lxml_parser(self):
        return etree.XMLParser(huge_tree=True)  # expect: DVR506

    # ---- safe look-alikes -------------------------------------------------

    def interfaces_safe(self, reply):
        return DET.fromstring(reply)  # ok: defusedxml

    def dom_safe(self, reply):
        return dminidom.parseString(reply)  # ok: defusedxml

    def lxml_hardened(self, reply):
        return etree.fromstring(reply, SAFE_PARSER)  # ok: hardened parser

    def lxml_hardened_kw(self, reply):
        return etree.fromstring(reply, parser=SAFE_PARSER)  # ok: hardened parser

    def build(self, name):
        element = ET.Element('interface')  # ok: building
        ET.SubElement(element, 'name').text = name  # ok: building
        return ET.tostring(element)  # ok: serialising

    def template(self):
        return ET.fromstring('<filter type="subtree"/>')  # ok: constant document

    def lxml_build(self):
        return etree.Element('config')  # ok: building

    def json_reply(self, reply):
        return reply.json()  # ok: not XML
