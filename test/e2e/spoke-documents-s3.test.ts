/**
 * Evidence documents with DOCUMENT_STORE=s3, over HTTP on real servers (Temporal, database, SMTP,
 * and an S3-compatible server): an upload lands in the bucket under its SHA-256 with only the
 * index in the database, downloads give the same bytes, the same file twice is one object, and a
 * removed file's object goes once nothing refers to it.
 */
import { createHash } from 'node:crypto';
import type { RegionUser } from '../support/region';
import { startTestS3Server, type TestS3Server } from '../support/s3-server';
import { formWith, SAMPLE_DOCUMENTS } from '../support/sample-documents';
import { createSpokeApplicant, type SpokeApplicant } from '../support/spoke-applicant';
import { startTestSystem, type TestSystem } from '../support/system';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('evidence documents in an S3-compatible object store', () => {
  let s3: TestS3Server;
  let system: TestSystem;
  let manager: RegionUser;
  let application: SpokeApplicant['application'];

  const itemPath = (code: string) => `/api/spoke-applications/${application.id}/evidence/${code}/documents`;
  const upload = async (code: string, files: Parameters<typeof formWith>[0]) => {
    const response = await fetch(system.baseUrl + itemPath(code), {
      method: 'POST',
      headers: { authorization: `Bearer ${manager.token}` },
      body: formWith(files),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { items: { id: string; sha256: string; downloadUrl?: string }[] }).items;
  };
  const download = (documentId: string) =>
    fetch(`${system.baseUrl}/api/documents/${documentId}`, { headers: { authorization: `Bearer ${manager.token}` } });

  beforeAll(async () => {
    s3 = await startTestS3Server();
    system = await startTestSystem({ documentStorage: { kind: 's3', ...s3.options } });
    ({ manager, application } = await createSpokeApplicant(system, {
      practiceName: 'Pemberton Surgery',
      hub: { name: 'Wigan Training Hub', areas: ['Wigan'] },
    }));
  });

  afterAll(async () => {
    await system?.stop();
    await s3?.close();
  });

  it('keeps the bytes in the bucket and gives them back on download', async () => {
    const [pdf] = await upload(application.criteria[0]!.code, [SAMPLE_DOCUMENTS.pdf]);
    const hash = sha256(SAMPLE_DOCUMENTS.pdf.bytes);
    expect(pdf!.sha256).toBe(hash);
    expect(await s3.has(`documents/${hash}`)).toBe(true);
    const row = await system.db.prisma.documentContent.findUnique({ where: { sha256: hash } });
    expect(row).toMatchObject({ store: 's3', size: SAMPLE_DOCUMENTS.pdf.bytes.length });
    expect(row!.bytes.byteLength).toBe(0);

    const answer = await download(pdf!.id);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await answer.arrayBuffer()).equals(SAMPLE_DOCUMENTS.pdf.bytes)).toBe(true);
  });

  it('stores the same file attached to two items once, and deletes it when the last is removed', async () => {
    const [first] = await upload(application.criteria[1]!.code, [SAMPLE_DOCUMENTS.png]);
    const [second] = await upload(application.criteria[2]!.code, [SAMPLE_DOCUMENTS.png]);
    const hash = sha256(SAMPLE_DOCUMENTS.png.bytes);
    expect([first!.sha256, second!.sha256]).toEqual([hash, hash]);
    expect(await system.db.prisma.documentContent.count({ where: { sha256: hash } })).toBe(1);

    expect((await manager.api.delete(`${itemPath(application.criteria[1]!.code)}/${first!.id}`)).status).toBe(204);
    // The other item still refers to the bytes: they stay.
    expect(await s3.has(`documents/${hash}`)).toBe(true);
    expect((await download(second!.id)).status).toBe(200);

    expect((await manager.api.delete(`${itemPath(application.criteria[2]!.code)}/${second!.id}`)).status).toBe(204);
    expect(await s3.has(`documents/${hash}`)).toBe(false);
    expect(await system.db.prisma.documentContent.findUnique({ where: { sha256: hash } })).toBeNull();
  });
});
