"""Fixture for DVR304 (exception-detail-exposed).

RPC handlers and the metadata proxy in the style of
neutron/agent/l3/agent.py and neutron/agent/metadata/agent.py.
"""

import traceback

from neutron_lib import constants as lib_constants
from oslo_log import log as logging
import webob

from neutron._i18n import _
from neutron.agent.linux import ip_lib

LOG = logging.getLogger(__name__)


class FloatingIpSetupException(Exception):
    pass


class L3AgentRpcHandlers(object):

    def __init__(self, router_info):
        self.router_info = router_info

    # ---- positives -------------------------------------------------------

    def router_status(self, context, router_id):
        try:
            self.router_info[router_id].process()
        except Exception as e:
            return {'router_id': router_id,
                    'status': 'error',
                    'reason': str(e)}  # expect: DVR304
        return {'router_id': router_id, 'status': 'active'}

    def add_arp_entry(self, context, payload):
        result = {'status': 'ok'}
        try:
            ip_lib.IPDevice(payload['device']).neigh.add(payload['ip'],
                                                        payload['mac'])
        except RuntimeError as exc:
            result['fault'] = repr(exc)  # expect: DVR304
            result['status'] = 'error'
        return result

    def update_fip_status(self, context, fip_id):
        try:
            self._configure_fip(fip_id)
        except FloatingIpSetupException as err:
            return lib_constants.FLOATINGIP_STATUS_ERROR, err.args  # expect: DVR304
        return lib_constants.FLOATINGIP_STATUS_ACTIVE, ()

    def get_router_debug_info(self, context, router_id):
        try:
            return self.router_info[router_id].dump()
        except Exception:
            return {'trace': traceback.format_exc()}  # expect: DVR304

    def delete_router(self, context, router_id):
        try:
            self.router_info.pop(router_id).delete()
        except Exception as e:
            message = f'Failed to delete router {router_id}: {e}'  # expect: DVR304
            return message
        return None

    # ---- negatives -------------------------------------------------------

    def routers_updated(self, context, routers):
        try:
            for router_id in routers:
                self.router_info[router_id].process()
        except Exception as e:
            LOG.error("Failed processing routers: %s", str(e))  # ok: logging call
            LOG.debug(traceback.format_exc())  # ok: logging call
            return False
        return True

    def add_namespace(self, context, ns_name):
        try:
            ip_lib.create_network_namespace(ns_name)
        except OSError as e:
            if 'File exists' in str(e):  # ok: only used for a decision
                return
            raise

    def configure_fip(self, context, fip_id):
        try:
            self._configure_fip(fip_id)
        except RuntimeError as e:
            raise FloatingIpSetupException(str(e))  # ok: raised, not returned
        return lib_constants.FLOATINGIP_STATUS_ACTIVE

    def fip_status(self, context, fip_id):
        try:
            self._configure_fip(fip_id)
        except RuntimeError:
            LOG.exception("Floating IP %s setup failed", fip_id)
            return lib_constants.FLOATINGIP_STATUS_ERROR  # ok: no exception detail
        return lib_constants.FLOATINGIP_STATUS_ACTIVE

    def _error_text(self, e):
        return str(e)  # ok: private helper

    def router_name(self, context, router_id):
        return 'qrouter-' + str(router_id)  # ok: not an exception

    def _configure_fip(self, fip_id):
        pass


class RouterStatusFormatter(object):
    """Formats status text for the agent's own log; not an RPC or API class."""

    def describe(self, router):
        try:
            return router.describe()
        except Exception as e:
            return str(e)  # ok: returned to in-process code, not to a remote caller

    def __repr__(self):
        try:
            return '<RouterStatusFormatter %s>' % self.describe(None)
        except Exception as e:
            return '<RouterStatusFormatter (%s)>' % e  # ok: __repr__ is not an API method


class MetadataProxyHandler(object):

    # ---- positives -------------------------------------------------------

    def __call__(self, req):
        try:
            return self._proxy_request(req)
        except Exception as e:
            LOG.exception("Unexpected error.")
            return webob.exc.HTTPInternalServerError(explanation=str(e))  # expect: DVR304

    def _proxy_request(self, req):
        try:
            return self._forward(req)
        except ValueError as e:
            raise webob.exc.HTTPBadRequest(  # ok: reported on the next line, where the detail is
                explanation='Invalid request: %s' % e)  # expect: DVR304

    # ---- negatives -------------------------------------------------------

    def handle(self, req):
        try:
            return self._proxy_request(req)
        except Exception:
            LOG.exception("Unexpected error.")
            msg = _('An unknown error has occurred. '
                    'Please try your request again.')
            explanation = str(msg)  # ok: str() of a fixed message, not of the exception
            return webob.exc.HTTPInternalServerError(explanation=explanation)

    def _forward(self, req):
        return webob.Response(body=b'')

    # ---- suppressed ------------------------------------------------------

    def health(self, req):
        try:
            return self._forward(req)
        except Exception as e:
            return webob.exc.HTTPServiceUnavailable(explanation=str(e))  # dvr-hints: ignore[DVR304]
