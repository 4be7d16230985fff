/**
 * How much address space a trust list (Postfix mynetworks, Exim
 * relay_from_hosts) hands to clients: public IPv4/IPv6 addresses counted
 * with ipaddr.js, private and loopback space left out.
 */
import ipaddr from "ipaddr.js";
import { Severity } from "../engine/severity.js";

export interface BroadEntry {
  /** The entry as written. */
  text: string;
  /** Public addresses it trusts (IPv4: exact; IPv6: 2^(128-prefix)). */
  publicAddresses: bigint;
  family: "ipv4" | "ipv6";
  prefix: number;
}

// IPv4.parseCIDR, not parseCIDR: that tries IPv6 first and pays for a thrown error on every IPv4 network.
const PRIVATE_V4 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10"].map((c) => ipaddr.IPv4.parseCIDR(c));

/** Parse "1.2.3.0/24", "[2001:db8::]/32", "2001:db8::/32" or a single address; undefined for names and tables. */
export function parseNetwork(text: string): { addr: ipaddr.IPv4 | ipaddr.IPv6; prefix: number } | undefined {
  // Fleets repeat the same networks on every host (127.0.0.0/8, [::1]/128): parsed once per text.
  // Callers only read the result.
  if (parsedNetworks.has(text)) return parsedNetworks.get(text);
  if (parsedNetworks.size >= PARSED_NETWORKS) parsedNetworks.clear();
  const net = parseNetworkText(text);
  parsedNetworks.set(text, net);
  return net;
}

const parsedNetworks = new Map<string, { addr: ipaddr.IPv4 | ipaddr.IPv6; prefix: number } | undefined>();
const PARSED_NETWORKS = 4096;

function parseNetworkText(text: string): { addr: ipaddr.IPv4 | ipaddr.IPv6; prefix: number } | undefined {
  const t = text.replace(/^\[([^\]]+)\](\/\d+)?$/, "$1$2");
  try {
    if (t.includes("/")) {
      // Only IPv6 has ":"; choosing the family first avoids parseCIDR's thrown-and-caught IPv6 attempt.
      const [addr, prefix] = t.includes(":") ? ipaddr.IPv6.parseCIDR(t) : ipaddr.IPv4.parseCIDR(t);
      return { addr, prefix };
    }
    const addr = ipaddr.parse(t);
    return { addr, prefix: addr.kind() === "ipv4" ? 32 : 128 };
  } catch {
    return undefined;
  }
}

/** Public addresses inside a network (private, loopback, link-local and CGNAT space subtracted for IPv4). */
export function publicAddressCount(net: { addr: ipaddr.IPv4 | ipaddr.IPv6; prefix: number }): bigint {
  if (net.addr.kind() === "ipv6") {
    const r = (net.addr as ipaddr.IPv6).range();
    if (net.prefix > 0 && ["loopback", "uniqueLocal", "linkLocal", "unspecified"].includes(r)) return 0n;
    return 1n << BigInt(128 - net.prefix);
  }
  const total = 1n << BigInt(32 - net.prefix);
  let privateInside = 0n;
  for (const [p, bits] of PRIVATE_V4) {
    if (bits >= net.prefix) {
      if ((p as ipaddr.IPv4).match(net.addr as ipaddr.IPv4, net.prefix)) privateInside += 1n << BigInt(32 - bits);
    } else if ((net.addr as ipaddr.IPv4).match(p as ipaddr.IPv4, bits)) {
      return 0n;
    }
  }
  return total - privateInside;
}

export function formatCount(n: bigint): string {
  if (n < 100000n) return n.toString();
  const digits = n.toString();
  if (n < 10n ** 12n) return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `about 2^${digits.length > 0 ? Math.round(Math.log2(Number(n))) : 0}`;
}

/**
 * How serious trusting `count` public addresses is: more than a /24 is worth a
 * warning, a /8 or wider is an error; undefined when it is not broad.
 */
export function broadTrustSeverity(count: bigint): Severity | undefined {
  if (count >= 1n << 24n) return Severity.Error;
  if (count > 256n) return Severity.Warning;
  return undefined;
}
