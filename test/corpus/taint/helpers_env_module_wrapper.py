"""Backup hook run by cron: the destination comes from the environment."""
import os

LOG_PREFIX = 'backup-hook'
BACKUP_DEST = os.environ.get('NEUTRON_BACKUP_DEST', '/var/backups/neutron')


def _system(command):
    status = os.system(command)
    if status != 0:
        print('%s: %s failed with %d' % (LOG_PREFIX, command, status))
    return status


def archive(source, destination):
    return _system('tar czf %s/neutron-state.tgz %s' % (destination, source))


if __name__ == '__main__':
    archive('/var/lib/neutron', BACKUP_DEST)  # expect: DVR101
