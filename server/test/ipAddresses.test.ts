import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRoutable, parseAddressLiteral, parseIPv4, parseIPv6 } from '../src/rules/ipAddresses';

const routable = (text: string): boolean => {
  const parsed = parseAddressLiteral(text);
  assert.ok(parsed, `${text} should parse`);
  return isRoutable(parsed);
};

describe('IP address literals (DVR603)', () => {
  it('parses IPv4 strictly', () => {
    assert.deepEqual(parseIPv4('192.168.1.20'), [192, 168, 1, 20]);
    for (const bad of ['1.2.3', '1.2.3.4.5', '256.1.1.1', '010.0.0.1', '1.2.3.a', '']) assert.equal(parseIPv4(bad), undefined, bad);
  });

  it('parses IPv6 with compression and an IPv4 tail', () => {
    assert.deepEqual(parseIPv6('::1'), [...new Array(15).fill(0), 1]);
    assert.deepEqual(parseIPv6('2001:db8::ff00:42:8329')?.slice(0, 4), [0x20, 0x01, 0x0d, 0xb8]);
    assert.deepEqual(parseIPv6('::ffff:10.0.0.1')?.slice(10), [0xff, 0xff, 10, 0, 0, 1]);
    for (const bad of ['1::2::3', 'std::string', '12345::', '1:2:3:4:5:6:7', 'a:b', ':::']) assert.equal(parseIPv6(bad), undefined, bad);
  });

  it('parses CIDR networks and rejects other strings', () => {
    assert.deepEqual(parseAddressLiteral('10.0.0.0/8'), { version: 4, bytes: [10, 0, 0, 0], prefix: 8 });
    for (const bad of ['10.0.0.0/33', '10.0.0.0/x', '1.2.3', 'net.ipv4.ip_forward', 'fe80::1%eth0', '1.2.3.4:80']) {
      assert.equal(parseAddressLiteral(bad), undefined, bad);
    }
  });

  it('counts public and private unicast as routable', () => {
    for (const text of ['8.8.8.8', '10.0.0.1', '172.16.0.0/12', '192.168.122.1', '100.64.0.1', '2001:4860:4860::8888', 'fd00::1', '::ffff:8.8.8.8']) {
      assert.equal(routable(text), true, text);
    }
  });

  it('leaves loopback, link-local, documentation, special-purpose ranges and masks alone', () => {
    for (const text of [
      '127.0.0.1', '::1', '169.254.169.254', '169.254.64.0/18', 'fe80::a9fe:4001', '224.0.0.18', 'ff02::2',
      '192.0.2.10', '198.51.100.0/24', '203.0.113.7', '2001:db8::1', '0.0.0.0', '::', '0.0.0.0/0', '::/0',
      '255.255.255.0', '255.255.255.255', '192.0.0.170', '198.18.0.1', '2001:2::1', '128.0.0.0/1', '::ffff:127.0.0.1',
    ]) {
      assert.equal(routable(text), false, text);
    }
  });
});
