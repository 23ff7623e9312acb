"""Post-install hook: shows the addresses in the namespace the installer exported."""
import os

NAMESPACE = os.environ['TARGET_NAMESPACE']
os.system('ip netns exec %s ip -o addr show' % NAMESPACE)  # expect: DVR101
