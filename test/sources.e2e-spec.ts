import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Every file under data/, as a path relative to it, found by walking the folder (not from sources.json). */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

describe('GET /api/v1/sources', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists every bundled data file, each once, and only files that exist', async () => {
    const res = await request(t.http).get('/api/v1/sources').expect(200);
    const items = res.body.items as { id: string; files: string[]; licenceFiles: string[] }[];
    const listed = items.flatMap((s) => s.files);
    const onDisk = filesUnder('data').map((f) => relative('data', f));
    // the licence texts, the provenance and this list itself describe the data; everything else is data
    const data = onDisk.filter((f) => !f.startsWith('licenses/') && f !== 'PROVENANCE.md' && f !== 'sources.json');
    expect([...listed].sort()).toEqual([...data].sort());
    expect(new Set(listed).size).toBe(listed.length);
    // thirteen datasets: two Consulta Amigable cut-offs, the Espinar and Cusco canon, Espinar's canon spent by función, the INEI municipalities,
    // MINAM population, INEI poverty, the map boundaries, the Moquegua registry, the SSI follow-up samples, the Defensoría's mining conflicts,
    // BCRP's Lima CPI (data/PROVENANCE.md)
    expect(items.map((s) => s.id)).toHaveLength(13);
    for (const licence of items.flatMap((s) => s.licenceFiles)) expect(onDisk).toContain(licence);
  });

  it('says where each dataset comes from, public and read-only', async () => {
    const res = await request(t.http).get('/api/v1/sources').expect(200);
    const espinar = res.body.items.find((s: { id: string }) => s.id === 'canon-rubro18-espinar-2019-2026');
    expect(espinar).toEqual({
      id: 'canon-rubro18-espinar-2019-2026',
      title: expect.stringContaining('Espinar'),
      publisher: expect.stringContaining('MEF'),
      sourceUrl: expect.stringMatching(/^https:\/\/github\.com\/unimauro\/proyecto-inti\/blob\/48d90960c901627fc2bd819398c29baf35b15577\//),
      cutOff: null,
      retrieved: '2026-11-22',
      licence: expect.stringContaining('Public information'),
      licenceFiles: [],
      files: ['demo/canon_transferido_rubro18_espinar_2019-2026.csv'],
    });
    // each dataset is named in the provenance document too
    const provenance = readFileSync('data/PROVENANCE.md', 'utf8');
    for (const s of res.body.items as { files: string[] }[])
      for (const f of s.files) expect(provenance).toContain(f.replace(/\.csv$/, '').replace(/\.xlsx$/, ''));
    // read-only: a write is a method the path does not take
    const write = await request(t.http).post('/api/v1/sources').set('X-API-Key', t.adminKey).expect(405);
    expect(write.headers.allow).toBe('GET, HEAD');
  });
});
