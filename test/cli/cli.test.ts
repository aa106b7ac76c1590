import { describe, it, expect } from 'vitest';
import { loadCommands, main } from '../../src/cli/main.js';
import { seedIndex, tmpIndexDir } from '../helpers/seeds.js';

const index = seedIndex();
const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('yaodian CLI', () => {
  it('index reports what it built', async () => {
    const r = await run('index', '--out', tmpIndexDir());
    expect(r.err).toMatch(/indexed 73 documents, \d+ units/);
  });

  it('docs --json lists every document with its unit count, and only JSON on stdout', async () => {
    const r = await run('docs', '--index', index, '--json');
    const docs = JSON.parse(r.out);
    expect(docs).toHaveLength(73);
    expect(docs.find((d: { id: string }) => d.id === 'sichuan-2022-work-points')).toMatchObject({
      title: '2022年全省科技创新工作要点', region: '四川省', level: 'province', year: 2022, kind: 'work-points', docNo: '川科发〔2022〕2号', units: expect.any(Number),
    });
    expect(Object.keys(docs[0]).sort()).toEqual(['citation', 'date', 'docNo', 'id', 'issuer', 'kind', 'level', 'region', 'source', 'title', 'units', 'year']);
  });

  it('units --json gives the units with original text and offsets', async () => {
    const r = await run('units', 'suining-2023-work-points', '--index', index, '--json');
    const units = JSON.parse(r.out);
    expect(units.filter((u: { kind: string }) => u.kind === 'table-row')).toHaveLength(10);
    expect(Object.keys(units[0]).sort()).toEqual(['citation', 'docId', 'end', 'id', 'kind', 'ordinal', 'path', 'permalink', 'stance', 'start', 'text', 'title', 'year']);
  });

  it('units without --json prints an outline for people', async () => {
    const r = await run('units', 'sichuan-2022-work-points', '--index', index);
    expect(r.out).toContain('8. 实施基础研究十年行动');
  });

  it('an unknown id is a message on stderr and exit 1', async () => {
    const r = await run('units', 'no-such-doc', '--index', index);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/no document with id "no-such-doc"/);
  });

  it('search prints a readable list with the match marked', async () => {
    const r = await run('search', '揭榜挂帅', '--index', index, '--limit', '3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/units match "揭榜挂帅"/);
    expect(r.out).toContain('【揭榜挂帅】');
  });

  it('search --json prints the result object', async () => {
    const r = await run('search', '天府科创贷', '--index', index, '--json');
    const res = JSON.parse(r.out);
    expect(res.total).toBeGreaterThan(0);
    expect(Object.keys(res.hits[0])).toEqual(expect.arrayContaining(['unitId', 'docId', 'title', 'year', 'region', 'level', 'kind', 'stance', 'date', 'snippet', 'highlights', 'score']));
  });

  it.each([
    [['search', '"unbalanced', '--index'], 2],
    [['search'], 2],
    [['frobnicate'], 2],
    [['search', '--limit', 'many', 'x'], 2],
    [['search', '--limit', '5000', 'x'], 2],
    [['search', 'x', '--bogus'], 2],
    [['docs', '--json=yes'], 2],
    [['search', '科技', '-疫情'], 2],
  ])('misuse %j exits %i with a message', async (argv, code) => {
    const r = await run(...argv);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(/yaodian: /);
  });

  it('names the flag it does not know, and says how to pass a query term starting with -', async () => {
    expect((await run('search', 'x', '--bogus')).err).toMatch(/unknown option '--bogus'/);
    expect((await run('search', '科技', '-疫情')).err).toContain('goes after --');
    const r = await run('search', '--index', index, '--json', '--', '揭榜挂帅', '-揭榜挂帅');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).total).toBe(0);
  });

  it('lists every command with no arguments, and describes each command\'s flags with --help', async () => {
    const top = await run();
    expect(top.code).toBe(0);
    const COMMANDS = await loadCommands();
    for (const c of COMMANDS) expect(top.out).toContain(`  ${c.name} `);
    for (const c of COMMANDS) {
      const r = await run(c.name, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: yaodian ${c.name} ${c.usage}`);
      for (const flag of Object.keys(c.flags)) expect(r.out).toContain(`--${flag}`);
    }
    expect((await run('help', 'search')).out).toContain('Query language:');
  });

  it('a bad query exits 1 with the reason', async () => {
    const r = await run('search', 'foo:bar', '--index', index);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown filter/);
  });
});
