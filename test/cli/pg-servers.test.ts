/**
 * Many servers on one PostgreSQL database, as processes: a write through one is searchable through the other
 * within a second, concurrent writes lose nothing, and a writer killed mid-add leaves the whole document or
 * none of it. Runs against $YAODIAN_TEST_DATABASE_URL (see test/helpers/pg.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pgPromise from 'pg-promise';
import { describeWithDatabase, freshDatabase } from '../helpers/pg.js';
import { sciTechSeeds, tmpIndexDir } from '../helpers/seeds.js';

const TOKEN = 'test-token';
const REPORT = (city: string, topic: string, tasks = 2) =>
  `2025年${city}科技创新工作要点\n` +
  Array.from({ length: tasks }, (_, k) => `${k + 1}.实施${topic}专项行动第${k + 1}项。布局建设${topic}中心,支持企业牵头攻关${k}号课题。\n`).join('');

const yaodian = (args: string[]) =>
  spawn(process.execPath, ['bin/yaodian.js', ...args], { env: { ...process.env, YAODIAN_TOKEN: TOKEN, YAODIAN_DATABASE_URL: '' }, stdio: 'pipe' });

/** The exit code, also of a process that ended before anyone asked (an add that finished before its kill). */
function finished(p: ChildProcess): Promise<number | null> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve(p.exitCode);
  return new Promise((r) => p.once('exit', (code) => r(code)));
}

async function startServer(url: string): Promise<{ base: string; proc: ChildProcess }> {
  const proc = yaodian(['serve', '--store', url, '--port', '0', '--quiet']);
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve(m[0]);
    });
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { base, proc };
}

const total = async (base: string, q: string) => (await (await fetch(`${base}api/search?q=${encodeURIComponent(q)}`)).json()).total as number;

async function upload(base: string, name: string, text: string, force = false) {
  const form = new FormData();
  form.set('file', new File([text], name, { type: 'text/plain' }));
  // reports that differ only in their city are other editions of one report: added only when forced
  if (force) form.set('force', 'true');
  return fetch(`${base}api/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } });
}

async function until(ms: number, cond: () => Promise<boolean>): Promise<number> {
  const t0 = performance.now();
  while (!(await cond())) {
    if (performance.now() - t0 > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - t0;
}

describeWithDatabase('many servers on one database', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let one: { base: string; proc: ChildProcess };
  let two: { base: string; proc: ChildProcess };
  const sql = pgPromise({ noWarnings: true });
  let pg: ReturnType<typeof sql>;

  beforeAll(async () => {
    db = await freshDatabase('servers');
    pg = sql({ connectionString: db.url, allowExitOnIdle: true });
    const seeds = sciTechSeeds();
    expect(await finished(yaodian(['index', '--seeds', seeds, '--store', db.url]))).toBe(0);
    [one, two] = await Promise.all([startServer(db.url), startServer(db.url)]);
  });

  afterAll(async () => {
    one?.proc.kill();
    two?.proc.kill();
    await Promise.all([one && finished(one.proc), two && finished(two.proc)]);
    await pg?.$pool.end();
    await db?.drop();
  });

  it('shows an upload to one server in the other within a second, and a removal too', async () => {
    expect(await total(two.base, '量子计算')).toBe(0); // cached on two: the change must drop it
    const res = await upload(one.base, '绵阳市2025年科技创新工作要点.txt', REPORT('绵阳市', '量子计算'));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect(await until(1000, async () => (await total(two.base, '量子计算')) > 0)).toBeLessThan(1000);
    const del = await fetch(`${two.base}api/documents/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(del.status).toBe(200);
    expect(await until(1000, async () => (await total(one.base, '量子计算')) === 0)).toBeLessThan(1000);
  });

  it('keeps every report when both servers take uploads at once', async () => {
    const cities = ['德阳市', '乐山市', '宜宾市', '泸州市', '南充市', '达州市'];
    const answers = await Promise.all(cities.map((c, k) => upload(k % 2 ? two.base : one.base, `${c}.txt`, REPORT(c, '氢能装备'), true)));
    expect(answers.map((r) => r.status)).toEqual(cities.map(() => 201));
    for (const s of [one, two]) expect(await until(1000, async () => (await total(s.base, '氢能装备')) === 2 * cities.length)).toBeLessThan(1000);
  });

  it('has the whole document or none of it after a writer is killed with SIGKILL mid-add', async () => {
    const file = join(tmpIndexDir(), '眉山市2025年科技创新工作要点.txt');
    writeFileSync(file, REPORT('眉山市', '储能材料', 400));
    const outcomes: string[] = [];
    for (const delay of [200, 500, 900, 1400, 2000, 3000]) {
      const p = yaodian(['add', file, '--region', '眉山市', '--store', db.url]);
      await new Promise((r) => setTimeout(r, delay));
      p.kill('SIGKILL');
      await finished(p);
      const rows = await pg.any("SELECT json_array_length(doc->'units') AS want, (SELECT count(*)::int FROM yaodian.units u WHERE u.doc_id = d.id) AS got FROM yaodian.documents d WHERE region = '眉山市'");
      expect(rows.length).toBeLessThanOrEqual(1);
      if (rows.length) expect(rows[0].got).toBe(rows[0].want);
      outcomes.push(rows.length ? 'whole' : 'none');
      if (rows.length) await pg.none("DELETE FROM yaodian.documents WHERE region = '眉山市'");
    }
    // whatever was cut short, the writers' lock went with the killed process: the next add goes through
    const p = yaodian(['add', file, '--region', '眉山市', '--store', db.url]);
    expect(await finished(p)).toBe(0);
    expect(await until(1000, async () => (await total(one.base, '储能材料')) > 0)).toBeLessThan(1000);
    expect(outcomes).toContain('none');
  }, 300_000); // seven writer processes started one after another: minutes on a loaded machine
});
