/** Parsing IP address literals and telling routable addresses from special-purpose ones (DVR603). */

export interface AddressLiteral {
  version: 4 | 6;
  /** 4 or 16 bytes. */
  bytes: number[];
  /** The prefix length of a CIDR literal (`10.0.0.0/8`). */
  prefix?: number;
}

export function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    // No leading zeros: '010.0.0.1' is not an address Python's ipaddress accepts.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes;
}

export function parseIPv6(text: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 2 && halves[0].includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** An IPv4/IPv6 address or CIDR network written as a whole string, or undefined. */
export function parseAddressLiteral(text: string): AddressLiteral | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  let prefix: number | undefined;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = Number(p);
  }
  const v4 = parseIPv4(address);
  if (v4) return prefix === undefined || prefix <= 32 ? { version: 4, bytes: v4, prefix } : undefined;
  const v6 = parseIPv6(address);
  if (v6) return prefix === undefined || prefix <= 128 ? { version: 6, bytes: v6, prefix } : undefined;
  return undefined;
}

function inNetwork(bytes: readonly number[], network: readonly number[], length: number): boolean {
  for (let bit = 0; bit < length; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((bytes[bit >> 3] & mask) !== (network[bit >> 3] & mask)) return false;
  }
  return true;
}

function v4Range(cidr: string): [number[], number] {
  const [a, p] = cidr.split('/');
  return [parseIPv4(a) as number[], Number(p)];
}

function v6Range(cidr: string): [number[], number] {
  const [a, p] = cidr.split('/');
  return [parseIPv6(a) as number[], Number(p)];
}

/** IPv4 ranges that are not routable, or are used by design (catalogue: do not flag). */
const SPECIAL_V4 = [
  '0.0.0.0/8', // "this network", the unspecified address, 0.0.0.0/0
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local: DVR's FIP links and the metadata address
  '224.0.0.0/24', // link-local multicast (VRRP)
  '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', // documentation (RFC 5737)
  '192.0.0.0/24', // IETF protocol assignments (RFC 6890)
  '198.18.0.0/15', // benchmarking (RFC 2544)
  '240.0.0.0/4', // reserved, and the limited broadcast address
].map(v4Range);

/** IPv6: only global unicast (2000::/3) and unique local (fc00::/7) are routable. */
const ROUTABLE_V6 = ['2000::/3', 'fc00::/7'].map(v6Range);
/** Documentation (RFC 3849) and IETF protocol assignments such as Teredo, benchmarking and ORCHID (RFC 6890). */
const SPECIAL_V6 = ['2001:db8::/32', '2001::/23'].map(v6Range);
const V4_MAPPED = v6Range('::ffff:0:0/96');

/** 255.255.255.0 and other netmasks: a run of ones from the top, at least a whole byte. */
function isNetmask(bytes: readonly number[]): boolean {
  const value = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  const inverted = ~value >>> 0;
  return bytes[0] === 255 && (inverted & (inverted + 1)) === 0;
}

/** True for an address (or network) that routes somewhere real: public or private unicast. */
export function isRoutable(literal: AddressLiteral): boolean {
  // A network shorter than /8 is a whole slice of the address space (0.0.0.0/1, ::/0), not an address.
  if (literal.prefix !== undefined && literal.prefix < 8) return false;
  if (literal.version === 6) {
    if (inNetwork(literal.bytes, ...V4_MAPPED)) return isRoutable({ version: 4, bytes: literal.bytes.slice(12), prefix: undefined });
    return ROUTABLE_V6.some((r) => inNetwork(literal.bytes, ...r)) && !SPECIAL_V6.some((r) => inNetwork(literal.bytes, ...r));
  }
  if (SPECIAL_V4.some((r) => inNetwork(literal.bytes, ...r))) return false;
  return !isNetmask(literal.bytes);
}
