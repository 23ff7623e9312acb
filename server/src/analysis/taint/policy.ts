/**
 * The taint policy as data: which calls clean a value (sanitisers), which conditions prove
 * it safe (guards), which calls and methods pass it on, and which names are never caller
 * data. Sources and sinks users add come from the settings (`taint-sources`, ...).
 */

export const BUILTIN_SANITISERS: ReadonlySet<string> = new Set([
  'int', 'float', 'bool', 'len', 'hash', 'abs', 'round', 'ord', 'id', 'isinstance', 'callable', 'hasattr',
  'shlex.quote', 'pipes.quote', 'quote',
  'netaddr.IPAddress', 'netaddr.IPNetwork', 'netaddr.EUI', 'netaddr.IPSet', 'netaddr.IPRange',
  'netaddr.valid_ipv4', 'netaddr.valid_ipv6', 'netaddr.valid_mac',
  'ipaddress.ip_address', 'ipaddress.ip_network', 'ipaddress.ip_interface',
  'ipaddress.IPv4Address', 'ipaddress.IPv6Address', 'ipaddress.IPv4Network', 'ipaddress.IPv6Network',
  'ipaddress.IPv4Interface', 'ipaddress.IPv6Interface',
  'IPAddress', 'IPNetwork', 'EUI', 'ip_address', 'ip_network',
  'uuidutils.is_uuid_like', 'uuid.UUID',
]);

/** Calls that, used as a condition, prove their argument safe. */
export const GUARD_CALLS: ReadonlySet<string> = new Set([
  're.fullmatch', 're.match', 'uuidutils.is_uuid_like', 'is_uuid_like',
  'netaddr.valid_ipv4', 'netaddr.valid_ipv6', 'netaddr.valid_mac', 'valid_ipv4', 'valid_ipv6', 'valid_mac',
]);
/** Methods of compiled patterns that guard their first argument (`NAME_RE.fullmatch(name)`). */
export const PATTERN_GUARD_METHODS: ReadonlySet<string> = new Set(['fullmatch', 'match']);
/** `name.isdigit()` and friends: the receiver is proven to be plain digits or letters. */
export const STRING_CHECK_METHODS: ReadonlySet<string> = new Set(['isdigit', 'isdecimal', 'isnumeric', 'isalnum', 'isalpha', 'isidentifier']);
export const SAFE_TYPES = /^\(?\s*(int|float|bool|netaddr\.IPAddress|netaddr\.IPNetwork|ipaddress\.[A-Za-z0-9]+)(\s*,\s*(int|float|bool|netaddr\.IPAddress|netaddr\.IPNetwork|ipaddress\.[A-Za-z0-9]+))*\s*,?\s*\)?$/;

export const PROPAGATING_METHODS: ReadonlySet<string> = new Set([
  'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'capitalize', 'swapcase', 'replace', 'split', 'rsplit',
  'splitlines', 'encode', 'decode', 'format', 'format_map', 'join', 'zfill', 'ljust', 'rjust', 'center', 'get',
  'pop', 'copy', 'partition', 'rpartition', 'casefold', 'expandtabs', 'removeprefix', 'removesuffix',
  'items', 'values', 'keys', 'setdefault', 'translate',
  // Reading a tainted file, response or request gives its contents.
  'read', 'readline', 'readlines', 'json', 'get_json', 'get_data', 'getvalue', 'iter_lines', 'getlist', 'get_all',
  'get_param', 'get_param_as_list', 'get_header', 'get_media',
  // pathlib: a path built from a value is still that value.
  'joinpath', 'resolve', 'absolute', 'expanduser', 'with_name', 'with_stem', 'with_suffix', 'as_posix',
]);
export const PROPAGATING_FUNCTIONS: ReadonlySet<string> = new Set([
  'str', 'repr', 'list', 'tuple', 'set', 'sorted', 'reversed', 'format', 'dict', 'frozenset', 'bytes',
  'os.path.join', 'os.path.basename', 'os.path.dirname', 'os.path.abspath', 'os.path.normpath', 'os.fspath',
  'posixpath.join', 'os.path.realpath', 'os.path.expanduser', 'posixpath.normpath', 'posixpath.abspath', 'posixpath.realpath',
  'pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.PurePosixPath', 'copy.copy', 'copy.deepcopy', 'enumerate', 'zip', 'iter', 'next', 'min', 'max',
  'json.loads', 'json.load', 'oslo_serialization.jsonutils.loads', 'jsonutils.loads', 'yaml.safe_load',
  'base64.b64decode', 'urllib.parse.unquote', 'urllib.parse.unquote_plus', 'shlex.split',
]);
/** Calls whose result splices their inputs into one string. */
export const FORMATTING_CALLS: ReadonlySet<string> = new Set(['format', 'format_map', 'join', 'os.path.join', 'posixpath.join']);
/** Methods that put their argument into the receiver (a list, set or dict). */
export const MUTATING_METHODS: ReadonlySet<string> = new Set(['append', 'appendleft', 'extend', 'extendleft', 'insert', 'add', 'update', 'setdefault']);

/** Parameters that are the object or class itself, not caller data. */
export const SKIP_PARAMETERS: ReadonlySet<string> = new Set(['self', 'cls']);
export const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;
/** Parameters that pass collaborators (managers, drivers, plugins), whose attributes are not caller data. */
export const INTERNAL_OBJECT_NAME = /(^|_)(manager|mgr|driver|plugin|helper|api|client|lib)$/;
/** A printf-style placeholder: optional `(name)`, flags/width/precision, conversion. */
export const PERCENT_PLACEHOLDER = /%(\(([^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;
export const NUMERIC_CONVERSIONS: ReadonlySet<string> = new Set(['d', 'i', 'o', 'u', 'x', 'X', 'e', 'E', 'f', 'F', 'g', 'G']);
