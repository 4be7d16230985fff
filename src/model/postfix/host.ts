/**
 * Defaults that postconf computes from the machine it runs on (myhostname,
 * mydomain, mynetworks, process_id, process_name). mtalint computes them the
 * same way on the machine it runs on; rules that judge a config for another
 * server must not rely on them (they are marked hostDependent in the data).
 */
import { hostname, networkInterfaces } from "node:os";
import ipaddr from "ipaddr.js";

/** postconf: gethostname(); without a dot, append "." + mydomain (or "localdomain"). */
export function defaultMyhostname(mydomain: string | undefined): string {
  const name = hostname();
  return name.includes(".") ? name : `${name}.${mydomain ?? "localdomain"}`;
}

/** postconf: the part of myhostname after its first dot, or "localdomain". */
export function defaultMydomain(myhostname: string): string {
  const dot = myhostname.indexOf(".");
  return dot < 0 ? "localdomain" : myhostname.slice(dot + 1);
}

/**
 * mynetworks from the addresses Postfix listens on (inet_interfaces: "all",
 * "loopback-only" or a list) and mynetworks_style (host, subnet, class), as
 * postconf computes it on this machine. Host names other than localhost are
 * not resolved (no DNS here), so their addresses are left out.
 */
export function defaultMynetworks(style: string, withIpv4: boolean, withIpv6: boolean, inetInterfaces = "all"): string {
  const v4: string[] = [];
  const v6: string[] = [];
  const listed = inetInterfaces.split(/[\s,]+/).filter(Boolean).map((x) => x.replace(/^\[(.*)\]$/, "$1").toLowerCase());
  const listens = (address: string, internal: boolean): boolean => {
    if (listed.includes("all")) return true;
    if (listed.includes("loopback-only") && internal) return true;
    if (listed.includes("localhost") && address === "127.0.0.1") return true;
    return listed.includes(address.toLowerCase());
  };
  for (const addrs of Object.values(interfaces())) {
    for (const a of addrs ?? []) {
      if (!listens(a.address.replace(/%.*$/, ""), a.internal)) continue;
      if (a.family === "IPv4" && withIpv4) v4.push(ipv4Network(a.address, a.netmask, style));
      if (a.family === "IPv6" && withIpv6) v6.push(ipv6Network(a.address.replace(/%.*$/, ""), a.cidr, style));
    }
  }
  // mynetworks.c writes each network followed by a space, so the value ends in one ("[$mynetworks]" expands to "[... ]").
  return [...new Set([...v4, ...v6])].map((n) => `${n} `).join("");
}

let cachedInterfaces: ReturnType<typeof networkInterfaces> | undefined;

/** The machine's network interfaces, read once per run (a batch computes this default for every configuration). */
function interfaces(): ReturnType<typeof networkInterfaces> {
  return (cachedInterfaces ??= networkInterfaces());
}

function ipv4Network(address: string, netmask: string, style: string): string {
  if (style === "host") return `${address}/32`;
  let prefix = ipaddr.IPv4.parse(netmask).prefixLengthFromSubnetMask() ?? 32;
  if (style === "class") {
    const first = ipaddr.IPv4.parse(address).octets[0]!;
    prefix = first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 32;
  }
  return `${ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`).toString()}/${prefix}`;
}

function ipv6Network(address: string, cidr: string | null, style: string): string {
  const prefix = style === "host" ? 128 : Number(cidr?.split("/")[1] ?? 128);
  // inet_ntop's text form (RFC 5952), as postconf prints it.
  return `[${ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`).toRFC5952String()}]/${prefix}`;
}
