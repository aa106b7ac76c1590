/** Fixtures for the web tests: hostile synthetic reports, an engine over them, and the app serving both. */
import { buildDoc } from '../../src/ingest/corpus.js';
import { Engine } from '../../src/index/engine.js';
import { createApp, type AppOptions } from '../../src/http/app.js';

/** Markup that must come out as text wherever document text is shown. */
export const EVIL = '<script>alert("x")</script>';
export const EVIL_IMG = '<img src=x onerror=alert(1)>';

const report = (year: number, body: string) => `${year}年全市科技创新工作要点
测试市科学技术局
${year}年3月1日
一、总体要求
${body}
`;

export const SYNTHETIC = [
  report(
    2022,
    `1.推行揭榜挂帅${EVIL}机制。对重大项目实行“揭榜挂帅”，安排经费1000万元。
2.加强基础研究。一是建设实验室，二是培养人才${EVIL_IMG}。`,
  ),
  report(
    2023,
    `1.推行揭榜挂帅${EVIL}机制。对重大项目全面实行“揭榜挂帅”，安排经费2000万元。
2.加强基础研究。一是建设重点实验室，二是培养青年人才。`,
  ),
];

export function syntheticEngine(): Engine {
  const engine = new Engine();
  SYNTHETIC.forEach((raw, k) => engine.addDoc(buildDoc(raw, `test/synthetic-${k}.txt`)));
  return engine;
}

/** The app as served: createApp mounts the pages itself, so these tests also check that wiring. */
export const appWithWeb = (engine: Engine, opts: AppOptions = {}) => createApp(engine, opts);
