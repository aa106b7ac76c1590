import { readFileSync } from 'node:fs';
import { diffTexts, render, similarityFromDiff } from './src/diff.ts';
console.log(render(diffTexts('2021年，全省技术合同成交额达到1420亿元，增长18.1%，高新技术企业达到1.1万家。', '2022年，全省技术合同成交额达到2200亿元，增长7.5%，高新技术企业突破1.4万家，实施揭榜挂帅项目。')));
const a = readFileSync('seeds/state-council/2012_国务院_政府工作报告.txt', 'utf8').slice(0, 20000);
const b = readFileSync('seeds/state-council/1993_国务院_政府工作报告.txt', 'utf8').slice(0, 20000);
let t0 = performance.now(); const ops = diffTexts(a, b); console.log('20k vs 20k unrelated', Math.round(performance.now() - t0), 'ms', ops.length, similarityFromDiff(ops).toFixed(3));
t0 = performance.now(); const ops2 = diffTexts(a, a.replace(/一/g, '壹')); console.log('20k near-identical', Math.round(performance.now() - t0), 'ms', ops2.length);
