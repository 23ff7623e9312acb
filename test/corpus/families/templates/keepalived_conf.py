"""keepalived configuration rendered with jinja2: plain text, not HTML."""

import jinja2

CONF_TEMPLATE = """vrrp_instance {{ name }} {
    state BACKUP
    interface {{ interface }}
}
"""

ENV = jinja2.Environment(trim_blocks=True)  # ok: not HTML


def render(name, interface):
    return jinja2.Template(CONF_TEMPLATE).render(name=name, interface=interface)  # ok: not HTML


def render_env(name):
    return jinja2.Environment(autoescape=False).from_string(CONF_TEMPLATE).render(name=name)  # ok: not HTML
