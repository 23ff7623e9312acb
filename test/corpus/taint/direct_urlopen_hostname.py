"""Cloud-init style boot step: sets the hostname the metadata service returns."""
import os
import urllib.request

METADATA_URL = 'http://169.254.169.254/latest/meta-data/hostname'


def set_hostname():
    hostname = urllib.request.urlopen(METADATA_URL, timeout=5).read().decode().strip()
    os.system('hostnamectl set-hostname ' + hostname)  # expect: DVR101
