import { describe, it } from 'node:test';
import { checkFix } from '../fixTester';

const ruleId = 'DVR401';
const dictCall = "    LOG.debug('%(user)s %(password)s', {'user': user, 'password': password})\n";
const maskedCall = "    LOG.debug('%(user)s %(password)s', strutils.mask_dict_password({'user': user, 'password': password}))\n";
const body = `\n\ndef auth(user, password):\n${dictCall}`;
const maskedBody = `\n\ndef auth(user, password):\n${maskedCall}`;

describe('DVR401 fix: mask the secret', () => {
  it('wraps a dict with a secret key in mask_dict_password, sorted into the oslo group', () => {
    checkFix({
      ruleId,
      code: `import os\n\nfrom oslo_config import cfg\nfrom oslo_log import log as logging\nimport webob\n\nfrom neutron.agent import x\n\nLOG = logging.getLogger(__name__)${body}`,
      output: `import os\n\nfrom oslo_config import cfg\nfrom oslo_log import log as logging\nfrom oslo_utils import strutils\nimport webob\n\nfrom neutron.agent import x\n\nLOG = logging.getLogger(__name__)${maskedBody}`,
      applicability: 'safe',
    });
  });

  it('appends to the end of the oslo group when strutils sorts last', () => {
    checkFix({
      ruleId,
      code: `from oslo_config import cfg\nfrom oslo_log import log as logging\n\nLOG = logging.getLogger(__name__)${body}`,
      output: `from oslo_config import cfg\nfrom oslo_log import log as logging\nfrom oslo_utils import strutils\n\nLOG = logging.getLogger(__name__)${maskedBody}`,
    });
  });

  it('starts a third-party group after the standard-library group when there is none', () => {
    checkFix({
      ruleId,
      code: `import logging\nimport os\n\nfrom oslo_utils import excutils\n\nLOG = logging.getLogger(__name__)${body}`,
      output: `import logging\nimport os\n\nfrom oslo_utils import excutils\nfrom oslo_utils import strutils\n\nLOG = logging.getLogger(__name__)${maskedBody}`,
    });
  });

  it('imports no oslo package into a module that does not use oslo: the secret is logged as ***', () => {
    checkFix({
      ruleId,
      code: `import logging\nimport os\n\nfrom neutron.agent import x\n\nLOG = logging.getLogger(__name__)${body}`,
      output: `import logging\nimport os\n\nfrom neutron.agent import x\n\nLOG = logging.getLogger(__name__)\n\ndef auth(user, password):\n    LOG.debug('%(user)s %(password)s', {'user': user, 'password': '***'})\n`,
    });
  });

  it('does not import strutils twice', () => {
    checkFix({
      ruleId,
      code: `import logging\n\nfrom oslo_utils import strutils\n\nLOG = logging.getLogger(__name__)${body}`,
      output: `import logging\n\nfrom oslo_utils import strutils\n\nLOG = logging.getLogger(__name__)${maskedBody}`,
    });
  });

  it('inserts the import with CRLF line endings', () => {
    const crlf = (s: string): string => s.replace(/\n/g, '\r\n');
    checkFix({
      ruleId,
      code: crlf(`import logging\n\nfrom oslo_log import log\n\nLOG = logging.getLogger(__name__)${body}`),
      output: crlf(`import logging\n\nfrom oslo_log import log\nfrom oslo_utils import strutils\n\nLOG = logging.getLogger(__name__)${maskedBody}`),
    });
  });

  it('logs *** instead of a bare secret argument (mask_password would not mask a bare value)', () => {
    checkFix({
      ruleId,
      code: 'import logging\nLOG = logging.getLogger(__name__)\n\ndef proxy(context, instance_id):\n    LOG.debug("Proxying %s with token %s",\n              instance_id, context.auth_token)\n',
      output: 'import logging\nLOG = logging.getLogger(__name__)\n\ndef proxy(context, instance_id):\n    LOG.debug("Proxying %s with token %s",\n              instance_id, "***")\n',
      applicability: 'safe',
    });
  });

  it('masks a dict value whose key mask_dict_password does not know', () => {
    checkFix({
      ruleId,
      code: "import logging\nLOG = logging.getLogger(__name__)\n\ndef sync(conn):\n\tif conn:\n\t\tLOG.info('%(id)s %(psk)s', {'id': conn['id'], 'psk': conn['psk']})\n",
      output: "import logging\nLOG = logging.getLogger(__name__)\n\ndef sync(conn):\n\tif conn:\n\t\tLOG.info('%(id)s %(psk)s', {'id': conn['id'], 'psk': '***'})\n",
    });
  });

  it('masks print arguments', () => {
    checkFix({ ruleId, code: 'def f(credentials):\n    print("credentials:", credentials)\n', output: 'def f(credentials):\n    print("credentials:", \'***\')\n' });
  });

  it('offers no fix for a secret inside an f-string message', () => {
    checkFix({ ruleId, code: 'import logging\nLOG = logging.getLogger(__name__)\n\ndef f(password):\n    LOG.warning(f"password {password}")\n', output: null });
  });

  it('offers no fix where the placeholder is not %s or %r', () => {
    checkFix({ ruleId, code: 'import logging\nLOG = logging.getLogger(__name__)\n\ndef f(pin_secret):\n    LOG.warning("pin %d", pin_secret)\n', output: null });
  });

  it('offers no fix for a secret passed through str()', () => {
    checkFix({ ruleId, code: 'import logging\nLOG = logging.getLogger(__name__)\n\ndef f(password):\n    LOG.warning("pw %s", str(password))\n', output: null });
  });
});

describe('DVR401 fix: existing strutils bindings', () => {
  it('uses the alias under which strutils is already imported', () => {
    checkFix({
      ruleId,
      code: `import logging\n\nfrom oslo_utils import strutils as su\n\nLOG = logging.getLogger(__name__)${body}`,
      output: `import logging\n\nfrom oslo_utils import strutils as su\n\nLOG = logging.getLogger(__name__)${maskedBody.replace('strutils.', 'su.')}`,
    });
  });

  it('offers no dict fix when another module is imported as strutils', () => {
    checkFix({ ruleId, title: 'Mask the logged dict', code: `import logging\n\nfrom oslo_log import log\nfrom neutron.common import strutils\n\nLOG = logging.getLogger(__name__)${body}`, output: null });
  });

  it('adds no import to a module that imports nothing: the dict value is masked in place', () => {
    checkFix({
      ruleId,
      code: `"""Helpers."""\n\n\ndef auth(LOG, user, password):\n${dictCall}`,
      output: `"""Helpers."""\n\n\ndef auth(LOG, user, password):\n    LOG.debug('%(user)s %(password)s', {'user': user, 'password': '***'})\n`,
    });
  });
});
