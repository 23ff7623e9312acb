"""Fixture for DVR107 (sql-from-strings).

Database helpers of a DHCP agent side-car that reads the Neutron database directly.
"""

import sqlite3

import sqlalchemy
from sqlalchemy import text as sql_text

PORTS_TABLE = 'ports'

# Module level: a report run at import time from the environment.
import os
_conn = sqlite3.connect('/var/lib/neutron/leases.db')
_conn.execute("DELETE FROM leases WHERE host = '%s'" % os.environ.get('HOST', ''))  # expect: DVR107


def count_rows(cursor, table):
    # A wrapper that takes the table name from its caller.
    cursor.execute('SELECT COUNT(*) FROM ' + table)  # expect: DVR107(high)
    return cursor.fetchone()[0]


class PortQueries(object):

    def __init__(self, engine):
        self.engine = engine

    def ports_on_host(self, cursor, host):
        cursor.execute("SELECT id, mac_address FROM ports WHERE host = '%s'" % host)  # expect: DVR107
        return cursor.fetchall()

    def by_name(self, session, name):
        query = "SELECT id FROM ports WHERE name = '{}'".format(name)
        return session.execute(query)  # expect: DVR107

    def by_device(self, conn, device_id):
        return conn.execute(sql_text(f"SELECT id FROM ports WHERE device_id = '{device_id}'"))  # expect: DVR107

    def delete_many(self, cursor, ids):
        cursor.executemany('DELETE FROM ports WHERE id = %s' % ids[0], [])  # expect: DVR107

    def text_clause(self, network_id):
        return sqlalchemy.text("SELECT * FROM subnets WHERE network_id = '%s'" % network_id)  # expect: DVR107

    # ---- negatives -------------------------------------------------------

    def ports_on_host_bound(self, cursor, host):
        cursor.execute('SELECT id, mac_address FROM ports WHERE host = %s', (host,))  # ok: parameter
        return cursor.fetchall()

    def by_ids(self, cursor, ids):
        placeholders = ', '.join(['%s'] * len(ids))
        cursor.execute('SELECT id FROM ports WHERE id IN (%s)' % placeholders, ids)  # ok: placeholders
        return cursor.fetchall()

    def by_ids_inline(self, cursor, ids):
        cursor.execute('SELECT id FROM ports WHERE id IN (%s)' % ', '.join(['%s'] * len(ids)), ids)  # ok: placeholders
        return cursor.fetchall()

    def count_constant(self, cursor):
        cursor.execute('SELECT COUNT(*) FROM %s' % PORTS_TABLE)  # ok: constant table name
        return cursor.fetchone()

    def limit(self, cursor, limit):
        cursor.execute('SELECT id FROM ports LIMIT %d' % int(limit))  # ok: int()

    def bound_text(self, conn, device_id):
        return conn.execute(sql_text('SELECT id FROM ports WHERE device_id = :d'), {'d': device_id})  # ok: bound

    def run_command(self, utils, device):
        return utils.execute('ip link show %s' % device)  # ok: a process helper, not SQL
