"""Fixture for DVR108 (template-unescaped).

A small status page of a network agent, rendered as HTML.
"""

import jinja2
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from mako.template import Template as MakoTemplate
from markupsafe import Markup, escape

# Module level: the page environment, shared by every handler.
ENV = jinja2.Environment(loader=jinja2.FileSystemLoader('templates'))  # expect: DVR108
SAFE_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader('templates'), autoescape=True)  # ok: escapes
STATIC_BANNER = Markup('<b>Neutron agent status</b>')  # ok: constant


def port_link(port):
    # A helper every page uses.
    return Markup('<a href="/ports/%s">%s</a>' % (port['id'], port['name']))  # expect: DVR108


class StatusPage(object):

    def __init__(self, routers):
        self.routers = routers

    def render(self):
        env = jinja2.Environment(autoescape=False)  # expect: DVR108
        return env.from_string('<ul>{% for r in routers %}<li>{{ r }}</li>{% endfor %}</ul>').render(routers=self.routers)

    def router_name(self, router):
        return mark_safe(f"<span>{router['name']}</span>")  # expect: DVR108

    def mako_page(self):
        return MakoTemplate(filename='status.html').render(routers=self.routers)  # expect: DVR108

    # ---- negatives -------------------------------------------------------

    def router_name_escaped(self, router):
        return mark_safe('<span>%s</span>' % escape(router['name']))  # ok: the value is escaped

    def router_link(self, router):
        return format_html('<a href="/routers/{}">{}</a>', router['id'], router['name'])  # ok: format_html escapes

    def escaped(self, router):
        return Markup(escape(router['name']))  # ok: escaped first

    def markup_percent(self, router):
        return Markup('<span>%s</span>') % router['name']  # ok: Markup's % escapes

    def mako_escaped(self):
        return MakoTemplate(filename='status.html', default_filters=['h']).render(routers=self.routers)  # ok: h filter
