/** yaodian serve: listens, prints the URL, serves the app and the pages, and shuts down cleanly. */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/serve-cmd.js';
import { runCommand } from '../../src/cli/command.js';
import { DEFAULT_TIME_BUDGET_MS } from '../../src/http/budget.js';
import { UsageError } from '../../src/cli/io.js';
import { seedIndexCopy } from '../helpers/seeds.js';

// the run's seed index (a copy: serve may write to it), so the server starts as it does on a built index
const index = seedIndexCopy();
afterAll(() => rmSync(index, { recursive: true, force: true }));
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
};
const waitFor = async (cond: () => boolean, ms = 60_000, poll?: () => Promise<unknown>) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
    await poll?.();
  }
};

describe('yaodian serve', () => {
  it('prints the URL, serves API and pages, logs requests, and stops on request', async () => {
    const { io, out, err } = capture();
    const stop = new AbortController();
    const done = runCommand(serveCommand, ['--port', '0', '--index', index, '--seeds', 'seeds'], io, stop.signal);
    await waitFor(() => out.length > 0);
    const url = out[0].match(/http:\/\/\S+\//)![0];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const health = await fetch(url + 'healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const search = await fetch(url + 'api/search?q=' + encodeURIComponent('揭榜挂帅') + '&limit=1');
    expect((await search.json()).total).toBeGreaterThan(0);
    const page = await fetch(url);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(err.some((l) => /^GET \/healthz 200 /.test(l))).toBe(true);
    stop.abort();
    expect(await done).toBe(0);
    await expect(fetch(url + 'healthz')).rejects.toThrow();
  });

  it.each([['1'], ['0']])(
    'warms compare when it starts (--workers %s): once /healthz says warm, the first statement compare answers within the default budget',
    async (workers) => {
      const { io, out } = capture();
      const stop = new AbortController();
      const done = runCommand(serveCommand, ['--port', '0', '--index', index, '--seeds', 'seeds', '--workers', workers, '--quiet'], io, stop.signal);
      try {
        await waitFor(() => out.length > 0);
        const url = out[0].match(/http:\/\/\S+\//)![0];
        let warm = false;
        await waitFor(() => warm, 120_000, async () => (warm = (await (await fetch(url + 'healthz')).json()).warm));
        const statement = '稳定粮食播种面积，优化种植结构，确保粮食产量保持在1.3万亿斤以上';
        const res = await fetch(url + 'api/compare?as=statement&q=' + encodeURIComponent(statement));
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body.kind).toBe('statement');
        expect(body.timeline.some((i: { type: string }) => i.type === 'entry')).toBe(true);
      } finally {
        stop.abort();
        expect(await done).toBe(0);
      }
    },
    180_000,
  );

  it('reports a port in use and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const { io, err } = capture();
    try {
      expect(await runCommand(serveCommand, ['--port', String(port), '--index', index, '--seeds', 'seeds', '--quiet'], io)).toBe(1);
      expect(err.join('\n')).toMatch(/cannot listen/);
    } finally {
      blocker.close();
    }
  });

  it.each([['--port', '70000'], ['--port', 'http'], ['--host', 'a b'], ['--budget', '0'], ['--worker-nice', '20'], ['--worker-nice', 'low']])('refuses %s %s', async (flag, value) => {
    await expect(runCommand(serveCommand, [flag, value], capture().io)).rejects.toBeInstanceOf(UsageError);
  });

  it('prints help', async () => {
    const { io, out } = capture();
    expect(await runCommand(serveCommand, ['--help'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/yaodian serve \[--port 8787\]/);
  });

  it('states the budget default the server applies', async () => {
    const { io, out } = capture();
    await runCommand(serveCommand, ['--help'], io);
    expect(out.join('\n')).toContain(`(default ${DEFAULT_TIME_BUDGET_MS})`);
  });
});
