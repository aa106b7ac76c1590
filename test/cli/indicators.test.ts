import { describe, it, expect } from 'vitest';
import { reportError } from '../../src/cli/io.js';
import { indicatorsCommand } from '../../src/cli/indicators-cmd.js';
import { runCommand } from '../../src/cli/command.js';
import { seedIndex } from '../helpers/seeds.js';

const index = seedIndex();
const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) };
  // what src/cli/main.ts does around every command
  const code = await runCommand(indicatorsCommand, [...argv, '--index', index], io).catch((e) => reportError(io, e));
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('yaodian indicators', () => {
  it('prints a table for people', async () => {
    const r = await run('--name', '技术合同成交额', '--region', '四川');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^region\s+year\s+stance\s+indicator\s+value/);
    expect(lines[2]).toMatch(/四川省\s+2022\s+actual\s+技术合同成交额\s+1649 亿元\s+\+18\.1%\s+达到\s+sichuan-2023-conference:i4\s+1649亿元/);
    expect(r.out).toContain('3 figures');
  });

  it('--json gives the Indicator objects and nothing else on stdout', async () => {
    const r = await run('--name', '高新技术产业营业收入', '--region', '四川', '--json');
    const list = JSON.parse(r.out);
    expect(list.map((i: { value: number }) => i.value)).toEqual([24500, 26000, 30000, 30000]);
    expect(Object.keys(list[0]).sort()).toEqual(
      ['display', 'docId', 'end', 'growth', 'level', 'name', 'qualifier', 'quote', 'region', 'stance', 'start', 'unit', 'unitId', 'value', 'year'],
    );
  });

  it('--plan-vs-actual shows target, actual and attainment', async () => {
    const r = await run('--plan-vs-actual', '--region', '四川', '--year', '2022');
    expect(r.out).toMatch(/四川省\s+技术合同成交额\s+2022\s+1420亿元 \(sichuan-2022-work-points\)\s+1649亿元 \(sichuan-2023-conference\)\s+116\.1%/);
    const json = JSON.parse((await run('--plan-vs-actual', '--name', '科技信息服务业营业收入', '--year', '2022', '--json')).out);
    expect(json).toHaveLength(1);
    expect(json[0].attainment).toBe(132.7);
  });

  it('rejects a malformed filter as misuse (exit 2)', async () => {
    const r = await run('--year', '22');
    expect(r.code).toBe(2);
    expect(r.err).toContain('year must be four digits');
    expect((await run('--stance', 'plan')).code).toBe(2);
  });

  it('says so when nothing matches', async () => {
    expect((await run('--name', '不存在的指标')).out).toBe('no indicators match');
  });
});
