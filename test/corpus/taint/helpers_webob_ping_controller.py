"""A diagnostics API controller: the host to ping comes from the request."""
import subprocess

import webob.dec
import webob.exc


class DiagnosticsController(object):

    def _ping(self, host, count):
        command = 'ping -c %d -W 1 %s' % (count, host)
        proc = subprocess.run(command, shell=True, capture_output=True, check=False)
        return proc.returncode == 0

    @webob.dec.wsgify
    def __call__(self, req):
        host = req.params.get('host')
        if not host:
            raise webob.exc.HTTPBadRequest()
        reachable = self._ping(host, 3)  # expect: DVR101
        return webob.Response(json_body={'reachable': reachable})
