/**
 * Short names of the CWE entries the rules cite (from the CWE list, cwe.mitre.org), so
 * views show "CWE-78 OS Command Injection" rather than a bare number. Pure data: the
 * client imports it too. A test checks that every CWE of the catalogue is here.
 */
export const CWE_NAMES: Readonly<Record<number, string>> = {
  20: 'Improper Input Validation',
  22: 'Path Traversal',
  77: 'Command Injection',
  78: 'OS Command Injection',
  79: 'Cross-site Scripting',
  88: 'Argument Injection',
  89: 'SQL Injection',
  94: 'Code Injection',
  95: 'Eval Injection',
  117: 'Improper Output Neutralization for Logs',
  129: 'Improper Validation of Array Index',
  209: 'Error Message Containing Sensitive Information',
  250: 'Execution with Unnecessary Privileges',
  259: 'Use of Hard-coded Password',
  269: 'Improper Privilege Management',
  276: 'Incorrect Default Permissions',
  295: 'Improper Certificate Validation',
  319: 'Cleartext Transmission of Sensitive Information',
  322: 'Key Exchange without Entity Authentication',
  326: 'Inadequate Encryption Strength',
  327: 'Use of a Broken or Risky Cryptographic Algorithm',
  328: 'Use of Weak Hash',
  330: 'Use of Insufficiently Random Values',
  338: 'Use of Cryptographically Weak PRNG',
  367: 'Time-of-check Time-of-use (TOCTOU) Race Condition',
  377: 'Insecure Temporary File',
  390: 'Detection of Error Condition Without Action',
  391: 'Unchecked Error Condition',
  396: 'Declaration of Catch for Generic Exception',
  400: 'Uncontrolled Resource Consumption',
  404: 'Improper Resource Shutdown or Release',
  477: 'Use of Obsolete Function',
  502: 'Deserialization of Untrusted Data',
  532: 'Insertion of Sensitive Information into Log File',
  547: 'Use of Hard-coded, Security-relevant Constants',
  605: 'Multiple Binds to the Same Port',
  611: 'XML External Entity Reference',
  639: 'Authorization Bypass Through User-Controlled Key',
  664: 'Improper Control of a Resource Through its Lifetime',
  693: 'Protection Mechanism Failure',
  703: 'Improper Check or Handling of Exceptional Conditions',
  732: 'Incorrect Permission Assignment for Critical Resource',
  755: 'Improper Handling of Exceptional Conditions',
  772: 'Missing Release of Resource after Effective Lifetime',
  776: 'XML Entity Expansion',
  778: 'Insufficient Logging',
  798: 'Use of Hard-coded Credentials',
  862: 'Missing Authorization',
  1104: 'Use of Unmaintained Third Party Components',
  1164: 'Irrelevant Code',
};

/** `CWE-78 OS Command Injection` (the bare id for a CWE not in the list). */
export function cweLabel(cwe: number): string {
  const name = CWE_NAMES[cwe];
  return name ? `CWE-${cwe} ${name}` : `CWE-${cwe}`;
}
