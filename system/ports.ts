/** Free TCP ports on this machine: for the dev server, the local inbox, and tests running side by side. */
import net from 'node:net';

export async function freePort(preferred?: number, host = '127.0.0.1'): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.address() as net.AddressInfo;
        server.close(() => resolve(address.port));
      });
    });
  if (preferred !== undefined) {
    try {
      return await tryListen(preferred);
    } catch {
      /* taken: any free port will do */
    }
  }
  return tryListen(0);
}

/** A port p such that p and p + 1000 (the dev server's UI) are both free. */
export async function freePortPair(preferred?: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort(attempt === 0 ? preferred : undefined);
    if (port + 1000 < 65536 && (await freePort(port + 1000)) === port + 1000) return port;
  }
  throw new Error('No free port pair for the Temporal dev server');
}
