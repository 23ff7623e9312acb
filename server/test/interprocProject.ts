import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A two-module project for the tests of taint across modules: a helper module and a caller that imports it two ways. */

export const HELPER_MODULE = `import subprocess


def _log_and_run(command):
    return subprocess.call(command, shell=True)


def exec_in_namespace(namespace, command):
    return _log_and_run('ip netns exec %s %s' % (namespace, command))
`;

export const CALLER_MODULE = `import netns_utils
from netns_utils import exec_in_namespace as run_in


def main():
    return netns_utils.exec_in_namespace(read_untrusted(), 'ip route')


def other():
    return run_in('qrouter-1', read_untrusted())
`;

export function twoModuleProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-interproc-'));
  fs.writeFileSync(path.join(dir, 'netns_utils.py'), HELPER_MODULE);
  fs.writeFileSync(path.join(dir, 'ns_exec.py'), CALLER_MODULE);
  return dir;
}

