import { describe, expect, it } from 'vitest';
import { extractHtmlText } from '../../src/ingest/html.js';

const NAV = '<nav><a href="/">首页</a><a href="/a">机构</a><a href="/b">新闻</a></nav>';
const page = (body: string, title = '') => `<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`;

describe('the article text of a saved web page', () => {
  it.each([
    [
      'decodes named, numeric and sloppy entities (windows-1252 numbers, a legacy name without its semicolon)',
      page(`${NAV}<div><p>“十四五”规划&mdash;&#151;推进&ldquo;高质量&rdquo;发展&amp;创新，A&lt;B&nbsp;&#x4e2d;&#20013; &copy 2024</p></div>`, '2024年政府工作报告_某某市人民政府'),
      '2024年政府工作报告\n“十四五”规划——推进“高质量”发展&创新，A<B\u00a0中中 © 2024',
    ],
    [
      'closes paragraphs, list items and cells the way browsers do, cells tab-separated',
      page('<div><h1>2023年工作要点</h1><p>一、总体要求<p>二、重点任务<ul><li>推进揭榜挂帅<li>实施科技型中小企业培育</ul><table><tr><td>指标<td>目标值<tr><td>研发投入<td>2.5%</table></div>'),
      '2023年工作要点\n一、总体要求\n二、重点任务\n推进揭榜挂帅\n实施科技型中小企业培育\n指标\t目标值\n研发投入\t2.5%',
    ],
    ['survives thousands of unclosed inline tags', page(`<div>${'<font color=red>'.repeat(5000)}深入实施创新驱动发展战略。</div>`), '深入实施创新驱动发展战略。'],
    [
      'drops hidden blocks, scripts (even with markup in their strings) and comments',
      page('<div style="display:none">隐藏的导航文字很多很多很多</div><div hidden>也是隐藏</div><div><p>正文内容在这里，科技创新。</p></div><script>var x = "<p>不是正文</p>";</script><!-- <p>注释</p> -->'),
      '正文内容在这里，科技创新。',
    ],
    ['joins a line broken between two Chinese characters without a space', page('<article><p>推进高质量\n  发展，English\n words。</p></article>'), '推进高质量发展，English words。'],
  ])('%s', (_, html, text) => {
    expect(extractHtmlText(html)).toBe(text);
  });
});
