"""Extension controller that labels a tap device with the alias from the request body."""
import subprocess

import webob.exc


class DeviceAliasController(object):

    def update(self, request, id, body):
        alias = body['device']['alias']
        if not alias:
            raise webob.exc.HTTPBadRequest()
        device = 'tap' + id[:11]
        subprocess.check_call(['ip', 'link', 'set', 'dev', device, 'alias', alias])  # expect: DVR102
        return {'device': {'id': id, 'alias': alias}}
