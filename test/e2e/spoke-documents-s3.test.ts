/**
 * Evidence documents with DOCUMENT_STORE=s3, over HTTP on real servers (Temporal, database, SMTP,
 * and an S3-compatible server): an upload lands in the bucket under its SHA-256 with only the
 * index in the database, downloads give the same bytes, the same file twice is one object, and a
 * removed file's object goes once nothing refers to it; an EOI's supporting document and a signed
 * confirmation of support (made by the commit of the action) are kept there too.
 */
import { createHash } from 'node:crypto';
import { createRegion, eoiBody, type RegionUser } from '../support/region';
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

  it('keeps an EOI’s supporting documents and its signed confirmation of support in the bucket, downloadable in scope', async () => {
    const region = await createRegion(system);
    const { submitter, reviewer, staff } = region;
    const eoiId = (await submitter.api.post('/api/eois', eoiBody(region))).body.id;
    const attached = await fetch(`${system.baseUrl}/api/eois/${eoiId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${submitter.token}` },
      body: formWith([SAMPLE_DOCUMENTS.xlsx]),
    });
    expect(attached.status).toBe(201);
    expect(await s3.has(`documents/${sha256(SAMPLE_DOCUMENTS.xlsx.bytes)}`)).toBe(true);

    expect((await reviewer.api.post(`/api/eois/${eoiId}/review`, { decision: 'support', comment: 'Strong' })).status).toBe(200);
    expect((await staff.api.post(`/api/eois/${eoiId}/funding-decision`, { decision: 'fund', places: 1, comment: 'One' })).status).toBe(200);
    const candidate = await submitter.api.post(`/api/eois/${eoiId}/candidates`, {
      name: 'Ada Trainee',
      email: 'ada@northshire.nhs.uk',
      currentRole: 'Staff nurse',
    });
    const candidateId = candidate.body.candidateId;
    expect((await reviewer.api.post(`/api/eois/${eoiId}/candidates/${candidateId}/outcome`, { outcome: 'accepted' })).status).toBe(200);
    expect((await submitter.api.post(`/api/eois/${eoiId}/confirmations`, { candidateId, signedBy: 'Dr Chief Nurse' })).status).toBe(200);

    const [signed] = (await submitter.api.get(`/api/eois/${eoiId}/signed-documents`)).body.items;
    expect(signed).toMatchObject({ kind: 'confirmation-of-support' });
    expect(await s3.has(`documents/${signed.sha256}`)).toBe(true);
    const row = await system.db.prisma.documentContent.findUnique({ where: { sha256: signed.sha256 } });
    expect(row).toMatchObject({ store: 's3' });
    expect(row!.bytes.byteLength).toBe(0);
    const pdf = await fetch(`${system.baseUrl}/api/signed-documents/${encodeURIComponent(signed.id)}`, {
      headers: { authorization: `Bearer ${reviewer.token}` },
    });
    expect(pdf.status).toBe(200);
    expect(sha256(new Uint8Array(await pdf.arrayBuffer()))).toBe(signed.sha256);
  });
});
