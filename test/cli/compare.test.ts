/** yaodian compare | diff | first | trend: JSON for programs, a readable rendering for people. */
import { describe, expect, it } from 'vitest';
import { compareCommand, diffCommand, firstCommand, plainDiff, trendCommand } from '../../src/cli/compare-cmds.js';
import { runCommand, type CliCommand } from '../../src/cli/command.js';
import { reportError, type Io } from '../../src/cli/io.js';
import { seedIndex } from '../helpers/seeds.js';

const index = seedIndex();
async function run(cmd: CliCommand<any>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (s) => out.push(s), err: (s) => err.push(s) };
  let code: number;
  try {
    code = await runCommand(cmd, [...argv, '--index', index, '--seeds', 'seeds'], io);
  } catch (e) {
    code = reportError(io, e);
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('compare command', () => {
  it('prints only JSON with --json: the entries and the gaps in date order, or the entries alone with --hide-gaps', async () => {
    const r = await run(compareCommand, '基础研究十年行动', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body).toMatchObject({ kind: 'term', view: 'sentence', threshold: null });
    expect(body.timeline.filter((i: { type: string }) => i.type === 'entry')).toHaveLength(4);
    expect(body.timeline.find((i: { docId: string }) => i.docId === 'state-council-2022')).toMatchObject({ type: 'gap' });
    const hidden = JSON.parse((await run(compareCommand, '基础研究十年行动', '--json', '--hide-gaps')).out);
    expect(hidden.timeline.map((i: { type: string }) => i.type)).toEqual(['entry', 'entry', 'entry', 'entry']);
  });

  it('gives a permalink that opens the page as the command was asked (--as, --view, --hide-gaps)', async () => {
    const body = JSON.parse((await run(compareCommand, '基础研究十年行动', '--as', 'statement', '--view', 'paragraph', '--hide-gaps', '--json')).out);
    expect(body.permalink).toBe(`/compare?q=${encodeURIComponent('基础研究十年行动')}&as=statement&view=paragraph&hideGaps=true`);
    expect(JSON.parse((await run(compareCommand, '基础研究十年行动', '--json')).out).permalink).toBe(`/compare?q=${encodeURIComponent('基础研究十年行动')}`);
  });

  it('renders a term timeline: the sentence in 「」 within its unit, why it was picked, and the gaps', async () => {
    const r = await run(compareCommand, '基础研究十年行动');
    expect(r.out).toMatch(/^4 documents follow the term "基础研究十年行动"; \d+ do not say it/);
    expect(r.out).toContain('「完善国家创新体系');
    expect(r.out).toContain('why: contains 基础研究十年行动 · plan sentence');
    expect(r.out).toContain('— not in 2022年中华人民共和国国务院政府工作报告');
  });

  it('follows a statement through its rewording with [-deletions-] and {+insertions+}', async () => {
    const r = await run(compareCommand, '制定实施基础研究十年行动方案，提升企业技术创新能力', 'level:national', 'year:2021..2022');
    expect(r.out).toMatch(/^2 documents follow the statement .* \(similarity ≥ 0\.\d+\)/);
    expect(r.out).toContain('state-council-2022:p51');
    expect(r.out).toContain('{+十年规划');
    expect(r.out).toMatch(/why: similarity 0\.\d\d · shares 基础研究/);
  });

  it('reads a long query as a term when told to, and refuses an unknown --as or --view', async () => {
    const r = JSON.parse((await run(compareCommand, '制定实施基础研究十年行动方案', '--as', 'term', '--json')).out);
    expect(r.kind).toBe('term');
    expect((await run(compareCommand, '低空经济', '--as', 'phrase')).code).toBe(2);
    expect((await run(compareCommand, '低空经济', '--view', 'page')).code).toBe(2);
  });

  it('follows a unit id, with filters after it', async () => {
    const r = await run(compareCommand, 'sichuan-2022-work-points:t8', 'level:national', '--json', '--hide-gaps');
    const ids = JSON.parse(r.out).timeline.map((e: { unitId: string }) => e.unitId);
    expect(ids).toEqual(['state-council-2021:p25', 'sichuan-2022-work-points:t8', 'state-council-2022:p51']);
  });

  it('fails clearly on an unknown unit and on missing arguments', async () => {
    expect(await run(compareCommand, 'sichuan-2022-work-points:t999')).toMatchObject({ code: 1, err: expect.stringContaining('no unit with id') });
    expect((await run(compareCommand)).code).toBe(2);
  });
});

describe('diff command', () => {
  it('shows pairs, removals and additions', async () => {
    const r = await run(diffCommand, 'sichuan-2022-work-points', 'suining-2023-work-points');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^sichuan-2022-work-points → suining-2023-work-points: \d+ unchanged, \d+ changed, \d+ added, \d+ removed/);
    expect(r.out).toContain('~ t18 ↔ t5');
    expect(r.out).toContain('- t8  实施基础研究十年行动');
  });

  it('prints JSON and rejects the same document twice', async () => {
    const r = await run(diffCommand, 'sichuan-2022-work-points', 'suining-2023-work-points', '--json');
    expect(JSON.parse(r.out).summary).toMatchObject({ matched: expect.any(Number) });
    expect(await run(diffCommand, 'state-council-2022', 'state-council-2022')).toMatchObject({ code: 1, err: expect.stringContaining('itself') });
  });
});

describe('first and trend commands', () => {
  it('first names the earliest document and quotes it', async () => {
    const r = await run(firstCommand, '揭榜挂帅');
    expect(r.out).toMatch(/^"揭榜挂帅" first appears 2021-03-05 {2}全国 {2}state-council-2021:/);
    expect(JSON.parse((await run(firstCommand, '揭榜挂帅', '--json')).out).first.docId).toBe('state-council-2021');
    expect(await run(firstCommand, '量子纠缠猫')).toMatchObject({ code: 1, err: expect.stringContaining('does not occur in any document') });
  });

  it('trend prints counts by year and region', async () => {
    const r = await run(trendCommand, '揭榜挂帅');
    expect(r.out).toMatch(/^"揭榜挂帅": \d+ units, \d+ occurrences/);
    expect(r.out).toContain('By year:');
    expect(r.out).toContain('By region:');
    expect(JSON.parse((await run(trendCommand, '揭榜挂帅', '--json')).out).byYear).toBeTypeOf('object');
  });
});

describe('plainDiff', () => {
  it('marks deletions and insertions on one line', () => {
    expect(plainDiff([{ op: 'equal', text: '成交额达到' }, { op: 'delete', text: '1420亿元' }, { op: 'insert', text: '2200亿元\n' }])).toBe('成交额达到[-1420亿元-]{+2200亿元 +}');
  });
});
