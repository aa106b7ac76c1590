/** yaodian new: the 新提法 of a report and its strength shifts, for people and as JSON. */
import { describe, expect, it } from 'vitest';
import { plainDiff } from '../../src/cli/compare-cmds.js';
import { runCommand } from '../../src/cli/command.js';
import { EXIT, reportError, type Io } from '../../src/cli/io.js';
import { newCommand } from '../../src/cli/new-cmd.js';
import { diffTexts } from '../../src/compare/diff.js';
import { seedIndex } from '../helpers/seeds.js';

const index = seedIndex();

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (s) => out.push(s), err: (s) => err.push(s) };
  let code: number;
  try {
    code = await runCommand(newCommand, [...argv, '--index', index, '--seeds', 'seeds'], io);
  } catch (e) {
    code = reportError(io, e);
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('new command', () => {
  it('lists the new phrases with where they first occur and who took them up, then the shifts', async () => {
    const r = await run('state-council-2025', '--limit', '20');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^2025年中华人民共和国国务院政府工作报告 \(state-council-2025, 2025-03-05\): \d+ phrases absent from all \d+ earlier documents of its level or above/);
    expect(r.out).toMatch(/\n {2}1\. 提振消费 {2}\(×3, 1 in headings\) {2}state-council-2025:/);
    expect(r.out).toContain('Strength shifts against 2024年中华人民共和国国务院政府工作报告 (state-council-2024)');
    expect(r.out).toContain('货币政策取向: 稳健 → 适度宽松  ↑');
    expect(r.out).toContain('财政政策取向: 积极 → 更加积极  ↑');
  });

  it('prints only JSON with --json, the limit applied', async () => {
    const r = await run('state-council-2024', '--json', '--limit', '5', '--against', 'all');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body).toMatchObject({ doc: { id: 'state-council-2024' }, against: 'all' });
    expect(body.phrases).toHaveLength(5);
    expect(body.shifts.previous.id).toBe('state-council-2023');
  });

  it.each([
    [['state-council-2024', '--against', 'province'], EXIT.USAGE, /against must be "level" or "all"/],
    [['state-council-2024', '--limit', '0'], EXIT.USAGE, /limit must be at least 1/],
    [[], EXIT.USAGE, /new takes one document id/],
    [['no-such-report'], EXIT.NOT_FOUND, /no document with id "no-such-report"/],
  ])('refuses %j with a message', async (argv, code, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
  });
});

describe('diffs in the terminal', () => {
  it('mark a strength shift after the replacement', () => {
    expect(plainDiff(diffTexts('实施稳健的货币政策', '实施适度宽松的货币政策'))).toBe('实施[-稳健的-]{+适度宽松的+}[↑货币政策取向]货币政策');
  });
});
