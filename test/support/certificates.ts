/**
 * Certificates for TLS tests, made by the test: a CA and the certificates it signs (a server's
 * for 127.0.0.1 and localhost, a client's for mTLS), written as PEM files. Valid from a day
 * before to a day after now: TLS checks them against the real clock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface IssuedCertificate {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

export interface CertificateAuthority extends IssuedCertificate {
  /** A certificate signed by this CA, usable for both server and client authentication. */
  issue(name: string): Promise<IssuedCertificate>;
}

const DAY = 24 * 60 * 60 * 1000;

function write(dir: string, name: string, cert: string, key: string): IssuedCertificate {
  const certFile = path.join(dir, `${name}.pem`);
  const keyFile = path.join(dir, `${name}.key`);
  fs.writeFileSync(certFile, cert);
  fs.writeFileSync(keyFile, key, { mode: 0o600 });
  return { certFile, keyFile, cert, key };
}

export async function createCertificateAuthority(dir: string, name: string): Promise<CertificateAuthority> {
  const validity = { notBeforeDate: new Date(Date.now() - DAY), notAfterDate: new Date(Date.now() + DAY) };
  const ca = await generate([{ name: 'commonName', value: name }], {
    ...validity,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const own = write(dir, name, ca.cert, ca.private);
  return {
    ...own,
    async issue(subject: string) {
      const issued = await generate([{ name: 'commonName', value: subject }], {
        ...validity,
        algorithm: 'sha256',
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          // Temporal's internode certificate serves as the system worker's client certificate too.
          { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
          {
            name: 'subjectAltName',
            altNames: [
              { type: 2, value: 'localhost' },
              { type: 7, ip: '127.0.0.1' },
            ],
          },
        ],
      });
      return write(dir, subject, issued.cert, issued.private);
    },
  };
}
