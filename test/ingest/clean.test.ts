import { describe, it, expect } from 'vitest';
import { clean } from '../../src/ingest/clean.js';
import { readSeed, SEED } from '../helpers/seeds.js';

const lines = (raw: string) => clean(raw).display.split('\n');

describe('clean: what is and is not the report', () => {
  it.each([
    ['joins a line broken inside a sentence', '科技厅相关负责人表示,新的一年,四川将一手抓提升科技创新内核能\n\n级、一手抓打造一流创新生态。', ['科技厅相关负责人表示,新的一年,四川将一手抓提升科技创新内核能级、一手抓打造一流创新生态。']],
    ['keeps a headline and its body apart', '2023年全省科技工作会议在蓉召开\n\n2月9日,会议在成都召开。', ['2023年全省科技工作会议在蓉召开', '2月9日,会议在成都召开。']],
    ['keeps numbered tasks apart even without a full stop', '29.深化军民科技协同创新。共建重点实验室、工程技术研究中心等创新平台{C}{C}\n30.深化科技金融深度融合。', ['29.深化军民科技协同创新。共建重点实验室、工程技术研究中心等创新平台', '30.深化科技金融深度融合。']],
    ['keeps a notice title apart from the salutation', '四川省科学技术厅关于印发《2022年全省科技创新工作要点》的通知\n各市(州)科技局,各有关单位:', ['四川省科学技术厅关于印发《2022年全省科技创新工作要点》的通知', '各市(州)科技局,各有关单位:']],
    ['removes {C} artefacts and zero-width characters', '创新\u200b平台{C}{C}。', ['创新平台。']],
    ['keeps the source’s own typos', '私极探索“先中试、后孵化"的四川模式。作凤学风建设。', ['私极探索“先中试、后孵化"的四川模式。作凤学风建设。']],
    ['cuts everything from a tail marker on', '会议强调,要全面加强自身建设。\n热点推荐\nHOT\n直播|2023川澳中医药产业发展大会', ['会议强调,要全面加强自身建设。']],
    ['drops subscription chrome at the head', '欢迎关注\n“四川科协”微信公众号欢迎关注\n四川科技网\n四川确定新一年科技创新“任务书”', ['四川确定新一年科技创新“任务书”']],
    ['ends a news article at its byline', '今年,四川将深入推进国家科技成果评价、科技人才评价改革综合试点,全面深化职务科技成果权属制度改革。(文露敏)\n图片\n另一篇新闻的正文,与科技工作会议无关,不属于这篇报道。', ['今年,四川将深入推进国家科技成果评价、科技人才评价改革综合试点,全面深化职务科技成果权属制度改革。(文露敏)']],
    ['keeps one copy of a repeated paragraph', '拼发展就是拼环境。成都“新春第一会”邀请企业家代表汇聚一堂。\n第二段。\n拼发展就是拼环境。成都“新春第一会”邀请企业家代表汇聚一堂。', ['拼发展就是拼环境。成都“新春第一会”邀请企业家代表汇聚一堂。', '第二段。']],
    ['glues a bracket left alone on its line to the heading it opens', '接待游客增长11.8%。\n（\n三）改革开放持续深化、互促共进。', ['接待游客增长11.8%。', '（三）改革开放持续深化、互促共进。']],
    ['joins a phrase broken into three lines (…发展的 / 主要目标 / 是：…)', '“十五五”时期经济社会发展的\n主要目标\n是：地区生产总值年均增长5%左右。', ['“十五五”时期经济社会发展的主要目标是：地区生产总值年均增长5%左右。']],
    ['joins a heading line that runs on into body text broken off mid-sentence', '（五）加强生态环境保护。必须科学施策、标本兼治，努力向人民群众交出合格\n\n答卷。', ['（五）加强生态环境保护。必须科学施策、标本兼治，努力向人民群众交出合格答卷。']],
    ['joins a short line that ends on a comma', '这是因为，\n工业生产的增长需要时间。', ['这是因为，工业生产的增长需要时间。']],
    ['keeps a heading without a number apart from its passage', '各项任务全面完成。\n2026年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。', ['各项任务全面完成。', '2026年工作安排', '今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。']],
    ['drops page metadata lines', '2021年全省科技工作会议召开\n作者: admin\n时间:2021-04-02\n3月30日,省科技厅组织召开2021年全省科技工作会议。', ['2021年全省科技工作会议召开', '3月30日,省科技厅组织召开2021年全省科技工作会议。']],
  ])('%s', (_name, raw, expected) => {
    expect(lines(raw)).toEqual(expected);
  });

  it('maps every display character back to the same character in the raw file', () => {
    for (const rel of Object.values(SEED)) {
      const raw = readSeed(rel);
      const { display, sourceIndex } = clean(raw);
      expect(sourceIndex.length).toBe(display.length + 1);
      for (let i = 0; i < display.length; i++) if (display[i] !== '\n') expect(raw[sourceIndex[i]]).toBe(display[i]);
    }
  });
});

describe('clean: the seed pages', () => {
  it('Sichuan 2023: the report ends before 热点推荐 and the next article', () => {
    const d = clean(readSeed(SEED.sichuan2023)).display;
    expect(d.endsWith('等在各市(州)视频分会场参加会议。')).toBe(true);
    expect(d).not.toMatch(/热点推荐|直播|阅读下一篇|土耳其/);
  });

  it('Sichuan 2024: the newspaper page is cut to the conference article', () => {
    const d = clean(readSeed(SEED.sichuan2024)).display;
    expect(d.startsWith('高新技术产业力争实现营业收入3万亿元')).toBe(true);
    expect(d.endsWith('(文露敏)')).toBe(true);
    expect(d).toContain('内核能级');
    expect(d).toContain('构建更加高效的组织和创新体系。');
    expect(d).toContain('常态化开展“揭榜挂帅”科技攻关');
    expect(d).not.toMatch(/欢迎关注|图片新闻|春风|南江县|新春第一会/);
  });

  it('Shanxi 2021: the source line and page metadata go', () => {
    const d = clean(readSeed(SEED.shanxi2021)).display;
    expect(d).not.toMatch(/来源:|作者:|公司动态/);
    expect(d.endsWith('共计200余人参加了会议。')).toBe(true);
  });

  it('Sichuan 2022 work points: 35+ lines stay separate and {C} is gone', () => {
    const d = clean(readSeed(SEED.sichuan2022)).display;
    expect(d).not.toContain('{C}');
    expect(d).toContain('私极探索');
    expect(d.split('\n').filter((l) => /^\d+\./.test(l))).toHaveLength(36); // 33 tasks + 3 attachment lines
  });
});
