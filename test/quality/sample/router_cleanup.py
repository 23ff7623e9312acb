# A small in-repo sample for the quality tooling's unit test (server/test/qualityLabels.test.ts):
# findings here are matched with test/quality/sample/labels.jsonl by fingerprint.
import logging
import subprocess

LOG = logging.getLogger(__name__)


def flush_conntrack(namespace, address):
    try:
        subprocess.check_call(['ip', 'netns', 'exec', namespace,
                               'conntrack', '-D', '-d', address])
    except Exception:
        pass


def delete_gateway(namespace, device):
    try:
        subprocess.check_call(['ip', 'netns', 'exec', namespace,
                               'ip', 'link', 'del', device])
    except Exception:
        pass


def remove_router(router):
    LOG.info("Removing router %s", router)
    flush_conntrack(router['ns'], router['gw_ip'])
