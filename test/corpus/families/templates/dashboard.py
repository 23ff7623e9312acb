"""An operator dashboard plugin that lists routers and ports as HTML."""

import jinja2
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe, SafeString
from jinja2 import Environment, FileSystemLoader, select_autoescape
from mako.lookup import TemplateLookup
from mako.template import Template
from markupsafe import Markup, escape

PAGE = jinja2.Environment(loader=FileSystemLoader('/usr/share/neutron/html'))  # expect: DVR108
ESCAPED = Environment(loader=FileSystemLoader('html'), autoescape=select_autoescape(['html']))  # ok: autoescape
LOOKUP = TemplateLookup(directories=['html'])  # expect: DVR108


def router_row(router):
    return Markup(f"<tr><td>{router['name']}</td></tr>")  # expect: DVR108


def render_page(routers):
    env = Environment(loader=FileSystemLoader('html'), autoescape=False)  # expect: DVR108
    return env.get_template('routers.html').render(routers=routers)


class Dashboard(object):

    def __init__(self, ports):
        self.ports = ports

    def port_cell(self, port):
        return mark_safe('<td>%s</td>' % port['name'])  # expect: DVR108

    def port_desc(self, port):
        return SafeString(port['description'])  # expect: DVR108

    def mako(self, body):
        return Template(body).render(ports=self.ports)  # expect: DVR108

    def inline_template(self):
        return jinja2.Template('<ul>{% for p in ports %}<li>{{ p }}</li>{% endfor %}</ul>').render(ports=self.ports)  # expect: DVR108

    def marked(self, html):
        return Markup(html)  # expect: DVR108

    # ---- safe look-alikes -------------------------------------------------

    def port_cell_escaped(self, port):
        return format_html('<td>{}</td>', port['name'])  # ok: format_html

    def port_desc_escaped(self, port):
        return mark_safe(conditional_escape(port['description']))  # ok: escaped first

    def markup_format(self, port):
        return Markup('<td>{}</td>').format(port['name'])  # ok: Markup's format escapes

    def markup_percent(self, port):
        return Markup('<td>%s</td>') % port['name']  # ok: Markup's % escapes

    def static(self):
        return Markup('<hr/>')  # ok: constant

    def escaped_value(self, port):
        return Markup('<td>%s</td>' % escape(port['name']))  # ok: escaped

    def autoescaped(self):
        return Environment(autoescape=True).from_string('<p>{{ x }}</p>')  # ok: autoescape

    def mako_h(self, body):
        return Template(body, default_filters=['h']).render(ports=self.ports)  # ok: h filter

    def lookup_h(self):
        return TemplateLookup(directories=['html'], default_filters=['h', 'unicode'])  # ok: h filter
