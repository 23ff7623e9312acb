"""Usage reports read straight from the Neutron database by an operator tool."""

import sys

import pymysql
import sqlalchemy as sa
from sqlalchemy import text

ALLOWED_COLUMNS = ('id', 'name', 'status')
TABLE = 'ports'

conn = pymysql.connect(host='localhost', user='neutron', database='neutron')
cur = conn.cursor()
cur.execute('SELECT * FROM ports WHERE project_id = "%s"' % sys.argv[1])  # expect: DVR107
cur.execute('SELECT * FROM ports WHERE project_id = %s', (sys.argv[1],))  # ok: parameter


def ports_for(cursor, project_id):
    cursor.execute(f"SELECT id FROM ports WHERE project_id = '{project_id}'")  # expect: DVR107
    return cursor.fetchall()


def networks_named(cursor, name):
    sql = "SELECT id FROM networks WHERE name LIKE '%" + name + "%'"
    cursor.execute(sql)  # expect: DVR107
    return cursor.fetchall()


class UsageReport(object):

    def __init__(self, engine):
        self.engine = engine

    def by_status(self, conn, status):
        return conn.execute(text("SELECT count(*) FROM ports WHERE status = '%s'" % status))  # expect: DVR107

    def by_owner(self, session, owner):
        return session.execute("SELECT id FROM ports WHERE device_owner = '{0}'".format(owner))  # expect: DVR107

    def update_status(self, cursor, port_id, status):
        cursor.execute("UPDATE ports SET status = '%s' WHERE id = '%s'" % (status, port_id))  # expect: DVR107

    def delete(self, cursor, port_id):
        cursor.execute('DELETE FROM ports WHERE id = ' + port_id)  # expect: DVR107

    def insert(self, cursor, values):
        cursor.executemany('INSERT INTO audit (port, event) VALUES (%s)' % values, [])  # expect: DVR107

    def order_by(self, cursor, column):
        cursor.execute('SELECT id, name FROM ports ORDER BY %s' % column)  # expect: DVR107

    def driver_sql(self, conn, table):
        return conn.exec_driver_sql('SELECT count(*) FROM %s' % table)  # expect: DVR107

    def django_raw(self, model, name):
        return model.objects.raw("SELECT * FROM ports WHERE name = '%s'" % name)  # expect: DVR107

    # ---- safe look-alikes -------------------------------------------------

    def by_status_bound(self, conn, status):
        return conn.execute(text('SELECT count(*) FROM ports WHERE status = :s'), {'s': status})  # ok: bound

    def by_owner_param(self, cursor, owner):
        cursor.execute('SELECT id FROM ports WHERE device_owner = %s', (owner,))  # ok: parameter

    def in_list(self, cursor, ids):
        cursor.execute('SELECT id FROM ports WHERE id IN (%s)' % ','.join(['%s'] * len(ids)), ids)  # ok: placeholders

    def count_table(self, cursor):
        cursor.execute('SELECT count(*) FROM %s' % TABLE)  # ok: constant

    def limit(self, cursor, n):
        cursor.execute('SELECT id FROM ports LIMIT %d' % int(n))  # ok: int()

    def expression(self, conn, status):
        ports = sa.table('ports', sa.column('status'))
        return conn.execute(sa.select(ports).where(ports.c.status == status))  # ok: expression language

    def process(self, utils, dev):
        return utils.execute('ip link set %s up' % dev, run_as_root=False)  # ok: not SQL

    def log_query(self, log, port_id):
        log.debug('SELECT for port %s' % port_id)  # ok: not executed

    def qmark(self, cursor, name):
        cursor.execute('SELECT id FROM networks WHERE name = ?', (name,))  # ok: parameter

    def constant_concat(self, cursor):
        cursor.execute('SELECT id ' + 'FROM ports')  # ok: constant
