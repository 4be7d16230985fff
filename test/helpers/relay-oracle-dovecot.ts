/**
 * A stub Dovecot auth server (protocol 1.x) for the Postfix relay oracle. Postfix's smtpd with
 * `smtpd_sasl_type = dovecot` connects to it at session start to learn the mechanisms; without it
 * SASL stays inactive. The oracle authenticates with XCLIENT LOGIN=, so real AUTH requests are
 * never expected: they are answered with FAIL.
 */
import { chmodSync, existsSync, unlinkSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";

export interface DovecotStub {
  close(): Promise<void>;
}

export async function startDovecotStub(socketPath: string): Promise<DovecotStub> {
  if (existsSync(socketPath)) unlinkSync(socketPath);
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => s.destroy());
    s.write(
      [
        "VERSION\t1\t2",
        "MECH\tPLAIN\tplaintext",
        "MECH\tLOGIN\tplaintext",
        `SPID\t${process.pid}`,
        "CUID\t1",
        "COOKIE\t" + "0".repeat(32),
        "DONE",
        "",
      ].join("\n"),
    );
    let buf = "";
    s.on("data", (d) => {
      buf += d.toString("utf8");
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const f = line.split("\t");
        if (f[0] === "AUTH" && f[1]) s.write(`FAIL\t${f[1]}\treason=mtalint oracle stub does not authenticate\n`);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      server.removeListener("error", reject);
      resolve();
    });
  });
  chmodSync(socketPath, 0o666);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
