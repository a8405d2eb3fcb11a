/**
 * The virus scan of attached files: a ClamAV daemon (clamd) over TCP, through the `clamscan`
 * package's INSTREAM client. One small interface, so the documents service and the scan sweep
 * (activities/document-scan.ts) ask the same thing.
 */
import { Readable } from 'node:stream';
import NodeClam from 'clamscan';
import type { VirusScanSettings } from '../config/config';

export type ScanVerdict = { infected: false } | { infected: true; findings: string[] };

export interface VirusScanner {
  /** The verdict on these bytes; throws when the daemon cannot be reached or does not answer in time. */
  scan(bytes: Uint8Array): Promise<ScanVerdict>;
}

export function createClamdScanner(settings: VirusScanSettings): VirusScanner {
  let client: Promise<NodeClam> | undefined;
  // Built on first use; bypassTest: no ping at start-up, so a daemon down now is met per scan.
  const clam = () =>
    (client ??= new NodeClam().init({
      removeInfected: false,
      debugMode: false,
      clamscan: { active: false },
      clamdscan: {
        host: settings.host,
        port: settings.port,
        timeout: settings.timeoutMs,
        localFallback: false,
        bypassTest: true,
        active: true,
      },
      preference: 'clamdscan',
    }));
  return {
    async scan(bytes) {
      // isInfected is null when clamd answered something other than OK or FOUND (an error).
      const result = (await (await clam()).scanStream(Readable.from([Buffer.from(bytes)]))) as {
        isInfected: boolean | null;
        viruses: string[];
        resultString?: string;
      };
      if (result.isInfected === true) return { infected: true, findings: result.viruses.length ? result.viruses : ['unnamed'] };
      if (result.isInfected === false) return { infected: false };
      throw new Error(`clamd gave no verdict: ${result.resultString ?? 'no answer'}`);
    },
  };
}

const scanners = new Map<string, VirusScanner>();

/** The scanner for these settings (one per daemon address), or undefined when none is configured. */
export function virusScannerFor(settings: VirusScanSettings | undefined): VirusScanner | undefined {
  if (!settings) return undefined;
  const key = `${settings.host}:${settings.port}:${settings.timeoutMs}`;
  let scanner = scanners.get(key);
  if (!scanner) scanners.set(key, (scanner = createClamdScanner(settings)));
  return scanner;
}
