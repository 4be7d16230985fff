/**
 * Names that legitimately differ between a test server and the live one
 * (--ignore-host-specific): host and domain names, listening addresses,
 * certificate and key paths, and per-host directories. docs/diff.md lists
 * them; keep the two in step. Relay-relevant settings (mydestination,
 * mynetworks, relay_domains, local_domains, relay_from_hosts) are never here:
 * a difference there changes who may relay.
 */

export const POSTFIX_HOST_SPECIFIC: readonly string[] = [
  "myhostname",
  "mydomain",
  "myorigin",
  "inet_interfaces",
  "proxy_interfaces",
  "smtp_bind_address",
  "smtp_bind_address6",
  "lmtp_bind_address",
  "lmtp_bind_address6",
  "smtp_helo_name",
  "lmtp_lhlo_name",
  "smtpd_tls_cert_file",
  "smtpd_tls_key_file",
  "smtpd_tls_chain_files",
  "smtpd_tls_dcert_file",
  "smtpd_tls_dkey_file",
  "smtpd_tls_eccert_file",
  "smtpd_tls_eckey_file",
  "smtpd_tls_CAfile",
  "smtpd_tls_CApath",
  "smtp_tls_cert_file",
  "smtp_tls_key_file",
  "smtp_tls_chain_files",
  "smtp_tls_CAfile",
  "smtp_tls_CApath",
  "tls_server_sni_maps",
  "milter_macro_daemon_name",
  "syslog_name",
];

export const EXIM_HOST_SPECIFIC: readonly string[] = [
  "primary_hostname",
  "qualify_domain",
  "qualify_recipient",
  "smtp_active_hostname",
  "local_interfaces",
  "extra_local_interfaces",
  "tls_certificate",
  "tls_privatekey",
  "tls_verify_certificates",
  "helo_data",
  "interface",
  // Debian's macros for the above (conf.d main/ and transport/ files).
  "MAIN_HARDCODE_PRIMARY_HOSTNAME",
  "MAIN_LOCAL_INTERFACES",
  "MAIN_TLS_CERTIFICATE",
  "MAIN_TLS_PRIVATEKEY",
  "MAIN_TLS_VERIFY_CERTIFICATES",
  "REMOTE_SMTP_HELO_DATA",
  "REMOTE_SMTP_INTERFACE",
  "DCconfig_hostname",
];

/** The set of names to leave out: --ignore names plus, with --ignore-host-specific, the list for the kind. */
export function ignoredNames(kind: "postfix" | "exim", names: readonly string[], hostSpecific: boolean): Set<string> {
  const out = new Set(names);
  if (hostSpecific) for (const n of kind === "postfix" ? POSTFIX_HOST_SPECIFIC : EXIM_HOST_SPECIFIC) out.add(n);
  return out;
}
