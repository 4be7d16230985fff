/**
 * The smtpd restrictions mtalint evaluates, with their arity and what they
 * can decide (smtpd_check.c, postconf(5)). Restrictions that depend on DNS,
 * a policy server or a live table are unknown offline.
 */

/** Restrictions that take the next list element as their argument. */
export const TAKES_ARGUMENT = new Set([
  "check_client_access",
  "check_reverse_client_hostname_access",
  "check_client_a_access",
  "check_client_mx_access",
  "check_client_ns_access",
  "check_reverse_client_hostname_a_access",
  "check_reverse_client_hostname_mx_access",
  "check_reverse_client_hostname_ns_access",
  "check_helo_access",
  "check_helo_a_access",
  "check_helo_mx_access",
  "check_helo_ns_access",
  "check_sender_access",
  "check_sender_a_access",
  "check_sender_mx_access",
  "check_sender_ns_access",
  "check_recipient_access",
  "check_recipient_a_access",
  "check_recipient_mx_access",
  "check_recipient_ns_access",
  "check_ccert_access",
  "check_sasl_access",
  "check_etrn_access",
  "check_policy_service",
  "reject_rbl_client",
  "reject_rhsbl_client",
  "reject_rhsbl_reverse_client",
  "reject_rhsbl_helo",
  "reject_rhsbl_sender",
  "reject_rhsbl_recipient",
  "permit_dnswl_client",
  "permit_rhswl_client",
  "sleep",
]);

/** Restrictions whose outcome mtalint cannot know offline but that can only reject or defer (never permit). */
export const REJECT_ONLY_UNKNOWN: Record<string, string> = {
  reject_rbl_client: "a DNS blocklist lookup",
  reject_rhsbl_client: "a DNS blocklist lookup",
  reject_rhsbl_reverse_client: "a DNS blocklist lookup",
  reject_rhsbl_helo: "a DNS blocklist lookup",
  reject_rhsbl_sender: "a DNS blocklist lookup",
  reject_rhsbl_recipient: "a DNS blocklist lookup",
  reject_unknown_client_hostname: "the client's DNS records",
  reject_unknown_client: "the client's DNS records",
  reject_unknown_reverse_client_hostname: "the client's reverse DNS",
  reject_unknown_helo_hostname: "DNS records of the HELO name",
  reject_unknown_hostname: "DNS records of the HELO name",
  reject_unverified_recipient: "a recipient address verification probe",
  reject_unverified_sender: "a sender address verification probe",
  reject_sender_login_mismatch: "smtpd_sender_login_maps",
  reject_authenticated_sender_login_mismatch: "smtpd_sender_login_maps",
  reject_known_sender_login_mismatch: "smtpd_sender_login_maps",
  reject_unauthenticated_sender_login_mismatch: "smtpd_sender_login_maps",
  reject_plaintext_session: "whether the client uses TLS",
};

/** Restrictions that cannot decide anything for a single, well-behaved RCPT. */
export const NO_EFFECT: Record<string, string> = {
  reject_unauth_pipelining: "the client waits for each reply",
  reject_multi_recipient_bounce: "one recipient",
  permit_tls_clientcerts: "no client certificate",
  permit_tls_all_clientcerts: "no client certificate",
  sleep: "only delays the reply",
};

/** Restrictions the startup check accepts as relay protection (smtpd_check.c rcpt_required[]). */
export const RELAY_GUARDS = new Set([
  "check_relay_domains",
  "reject_unauth_destination",
  "defer_unauth_destination",
  "reject",
  "defer",
  "defer_if_permit",
]);
