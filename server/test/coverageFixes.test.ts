import { describe, it } from 'node:test';
import { checkFix } from './fixTester';

/** The unsafe quick fixes of DVR107, DVR108, DVR505, DVR507, DVR905, DVR906 and DVR907. */

describe('DVR107 fix: query parameters', () => {
  it('passes the values of a % format as parameters, marked unsafe', () => {
    checkFix({
      ruleId: 'DVR107',
      applicability: 'unsafe',
      code: `def ports(cur, host, status):\n    cur.execute("SELECT id FROM ports WHERE host = %s AND status = %s" % (host, status))\n`,
      output: `def ports(cur, host, status):\n    cur.execute("SELECT id FROM ports WHERE host = %s AND status = %s", (host, status))\n`,
    });
  });

  it('wraps a single value in a tuple', () => {
    checkFix({
      ruleId: 'DVR107',
      code: `def ports(cur, host):\n    cur.execute("SELECT id FROM ports WHERE host = %s" % host)\n`,
      output: `def ports(cur, host):\n    cur.execute("SELECT id FROM ports WHERE host = %s", (host,))\n`,
    });
  });

  it('offers nothing for quoted placeholders, other conversions or f-strings', () => {
    checkFix({ ruleId: 'DVR107', code: `def ports(cur, host):\n    cur.execute("SELECT id FROM ports WHERE host = '%s'" % host)\n`, output: null });
    checkFix({ ruleId: 'DVR107', code: `def ports(cur, n):\n    cur.execute("SELECT id FROM ports LIMIT %d" % n)\n`, output: null });
    checkFix({ ruleId: 'DVR107', code: `def ports(cur, host):\n    cur.execute(f"SELECT id FROM ports WHERE host = '{host}'")\n`, output: null });
  });
});

describe('DVR108 fix: autoescape', () => {
  it('turns autoescape=False into True', () => {
    checkFix({
      ruleId: 'DVR108',
      applicability: 'unsafe',
      code: `import jinja2\n\n\ndef page():\n    return jinja2.Environment(autoescape=False).from_string('<p>{{ x }}</p>')\n`,
      output: `import jinja2\n\n\ndef page():\n    return jinja2.Environment(autoescape=True).from_string('<p>{{ x }}</p>')\n`,
    });
  });

  it('adds autoescape=True where it is missing', () => {
    checkFix({
      ruleId: 'DVR108',
      code: `import jinja2\n\nENV = jinja2.Environment(loader=jinja2.FileSystemLoader('html'))\nPAGE = 'index.html'\n`,
      output: `import jinja2\n\nENV = jinja2.Environment(loader=jinja2.FileSystemLoader('html'), autoescape=True)\nPAGE = 'index.html'\n`,
    });
  });
});

describe('DVR507 fix: no write access for other users', () => {
  it('clears the other-write bit of a literal mode, marked unsafe', () => {
    checkFix({
      ruleId: 'DVR507',
      applicability: 'unsafe',
      code: `import os\n\nos.makedirs('/var/lib/neutron/ha', 0o777)\n`,
      output: `import os\n\nos.makedirs('/var/lib/neutron/ha', 0o775)\n`,
    });
  });

  it('writes umask 0o022', () => {
    checkFix({ ruleId: 'DVR507', code: `import os\n\nos.umask(0)\n`, output: `import os\n\nos.umask(0o022)\n` });
  });

  it('offers nothing for modes built from stat constants', () => {
    checkFix({ ruleId: 'DVR507', code: `import os\nimport stat\n\nos.chmod('/run/x', stat.S_IRWXU | stat.S_IRWXO)\n`, output: null });
  });
});

describe('DVR905 fix: secrets', () => {
  it('uses secrets.choice and imports secrets, marked unsafe', () => {
    checkFix({
      ruleId: 'DVR905',
      applicability: 'unsafe',
      code: `import random\nimport string\n\n\ndef make_password():\n    return ''.join(random.choice(string.ascii_letters) for _ in range(16))\n`,
      output: `import random\nimport secrets\nimport string\n\n\ndef make_password():\n    return ''.join(secrets.choice(string.ascii_letters) for _ in range(16))\n`,
    });
  });

  it('maps getrandbits to secrets.randbits', () => {
    checkFix({
      ruleId: 'DVR905',
      code: `import random\nimport secrets\n\n\ndef make_token():\n    return random.getrandbits(128)\n`,
      output: `import random\nimport secrets\n\n\ndef make_token():\n    return secrets.randbits(128)\n`,
    });
  });

  it('offers nothing for randint', () => {
    checkFix({ ruleId: 'DVR905', code: `import random\n\n\ndef make_pin():\n    return random.randint(1000, 9999)\n`, output: null });
  });
});

describe('DVR906 fix: RejectPolicy', () => {
  it('rejects unknown host keys, marked unsafe', () => {
    checkFix({
      ruleId: 'DVR906',
      applicability: 'unsafe',
      code: `import paramiko\n\n\ndef connect(client):\n    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())\n`,
      output: `import paramiko\n\n\ndef connect(client):\n    client.set_missing_host_key_policy(paramiko.RejectPolicy())\n`,
    });
  });

  it('offers nothing for a from-imported policy', () => {
    checkFix({ ruleId: 'DVR906', code: `from paramiko import AutoAddPolicy\n\n\ndef connect(client):\n    client.set_missing_host_key_policy(AutoAddPolicy())\n`, output: null });
  });
});

describe('DVR907 fixes: TLS variants', () => {
  it('uses FTP_TLS, marked unsafe', () => {
    checkFix({
      ruleId: 'DVR907',
      applicability: 'unsafe',
      code: `import ftplib\n\n\ndef backup(host):\n    return ftplib.FTP(host)\n`,
      output: `import ftplib\n\n\ndef backup(host):\n    return ftplib.FTP_TLS(host)\n`,
    });
  });

  it('uses https://', () => {
    checkFix({
      ruleId: 'DVR907',
      code: `import requests\n\n\ndef zones():\n    return requests.get('http://dns.example.org/v2/zones', timeout=10)\n`,
      output: `import requests\n\n\ndef zones():\n    return requests.get('https://dns.example.org/v2/zones', timeout=10)\n`,
    });
  });
});

describe('DVR505 fix: yaml.safe_load', () => {
  it('replaces yaml.load without a loader, marked unsafe', () => {
    checkFix({
      ruleId: 'DVR505',
      applicability: 'unsafe',
      code: `import yaml\n\n\ndef read(stream):\n    return yaml.load(stream)\n`,
      output: `import yaml\n\n\ndef read(stream):\n    return yaml.safe_load(stream)\n`,
    });
  });

  it('drops an unsafe Loader argument, and keeps the module alias', () => {
    checkFix({
      ruleId: 'DVR505',
      code: `import yaml as y\n\n\ndef read(stream):\n    return y.load(stream, Loader=y.FullLoader)\n`,
      output: `import yaml as y\n\n\ndef read(stream):\n    return y.safe_load(stream)\n`,
    });
  });

  it('load_all becomes safe_load_all', () => {
    checkFix({
      ruleId: 'DVR505',
      code: `import yaml\n\n\ndef read(stream):\n    return list(yaml.load_all(stream, Loader=yaml.Loader))\n`,
      output: `import yaml\n\n\ndef read(stream):\n    return list(yaml.safe_load_all(stream))\n`,
    });
  });

  it('offers nothing for a positional loader, a from-import or pickle', () => {
    checkFix({ ruleId: 'DVR505', code: `import yaml\n\n\ndef read(s):\n    return yaml.load(s, yaml.Loader)\n`, output: null });
    checkFix({ ruleId: 'DVR505', code: `from yaml import load\n\n\ndef read(s):\n    return load(s)\n`, output: null });
    checkFix({ ruleId: 'DVR505', code: `import pickle\n\n\ndef read(s):\n    return pickle.loads(s)\n`, output: null });
  });
});
