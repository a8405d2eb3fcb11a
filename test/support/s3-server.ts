/**
 * A real S3-compatible server for the tests (s3rver: S3's REST API over HTTP, objects on disk in a
 * folder of its own), on a free loopback port, with one bucket made. The SDK reaches it with its
 * default credential chain: the test sets AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the
 * server's own pair while it runs (env()).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, NotFound, S3Client } from '@aws-sdk/client-s3';
import S3rver from '@20minutes/s3rver';
import type { S3StoreOptions } from '../../db/s3-document-store';

export interface TestS3Server {
  /** Store options naming this server and its bucket. */
  options: S3StoreOptions;
  /** A client of this server, to look at the bucket as an operator would. */
  client: S3Client;
  /** Whether the bucket holds an object under this key. */
  has(key: string): Promise<boolean>;
  close(): Promise<void>;
}

// s3rver's own pair: any other is refused with InvalidAccessKeyId.
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export async function startTestS3Server(bucket = 'trainflow-documents'): Promise<TestS3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const saved = Object.fromEntries(Object.keys(CREDENTIALS).map((name) => [name, process.env[name]]));
  Object.assign(process.env, CREDENTIALS);
  const options: S3StoreOptions = {
    bucket,
    prefix: 'documents/',
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-2',
    forcePathStyle: true,
  };
  const client = new S3Client({ region: options.region, endpoint: options.endpoint, forcePathStyle: true });
  return {
    options,
    client,
    // HeadObject, not a listing: s3rver refuses the signature of the SDK's bucket-level GET (its trailing slash).
    async has(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (error instanceof NotFound) return false;
        throw error;
      }
    },
    async close() {
      client.destroy();
      await server.close();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
