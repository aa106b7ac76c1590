/** yaodian search <query>: people get a readable list with the match marked; --json gets the result object. */
import { openReading } from './store.js';
import { prefetchQuery } from '../search/prefetch.js';
import type { Io } from './io.js';
import { printJson, UsageError } from './io.js';
import { check, defineCommand, intFlag, INDEX_FLAGS, JSON_FLAG, type FlagValues } from './command.js';
import { search, MAX_LIMIT } from '../search/search.js';
import { markup } from '../text/highlight.js';
import { citeSearch } from '../export/cited.js';
import { EXPORT_FLAGS, exportFormat, writeExport } from './export.js';

const QUERY_LANGUAGE = `Query language:
  基础研究 十年行动        space = AND: units containing both
  "基础研究十年行动"       a quoted phrase (matched as one contiguous string)
  揭榜挂帅 OR 揭榜制        either term
  科技 -疫情               exclude units containing a term
  year:2022  year:2021..2023  region:四川  level:national|province|city|county
  kind:task|section|item|table-row|paragraph (or a document kind: work-points, conference-report,
       government-work-report)  stance:plan|review|outlook|other  doc:<docId>
Matching ignores width (２０２２ = 2022), traditional/simplified (發展 = 发展), quote style and spaces.`;

const flags = {
  ...INDEX_FLAGS,
  ...JSON_FLAG,
  limit: { value: 'N', help: `how many hits to show (default 20, at most ${MAX_LIMIT})` },
  offset: { value: 'N', help: 'how many hits to skip (the next page)' },
  ...EXPORT_FLAGS,
} as const;

export const searchCommand = defineCommand({
  name: 'search',
  summary: 'full-text search (yaodian search --help for the query language)',
  usage: '<query> [--limit N] [--offset N] [--index DIR] [--json | --format csv|xlsx|docx|md --out FILE]',
  flags,
  help: QUERY_LANGUAGE,
  run: runSearch,
});

async function runSearch(positionals: string[], values: FlagValues<typeof flags>, io: Io): Promise<number> {
  if (!positionals.length) throw new UsageError('search needs a query, e.g. yaodian search 揭榜挂帅');
  const format = exportFormat(values);
  // a file holds every hit (up to the most one search returns) unless --limit says otherwise
  const limit = values.limit === undefined ? (format ? MAX_LIMIT : 20) : check(intFlag('limit', 1, MAX_LIMIT), values.limit);
  const offset = values.offset === undefined ? 0 : check(intFlag('offset', 0, 1e9), values.offset);
  const engine = await openReading(values, io);
  await prefetchQuery(engine, positionals.join(' '));
  const result = search(engine, positionals.join(' '), { limit, offset });
  if (format) return writeExport(io, (x) => x.searchExport({ result, offset }, engine), format, values.out);
  if (values.json) return printJson(io, citeSearch(result, engine)), 0;
  io.out(`${result.total} units match ${JSON.stringify(result.query)}`);
  result.hits.forEach((h, k) => {
    io.out(`\n${offset + k + 1}. ${h.title}  [${h.unitId}]`);
    io.out(`   ${h.region} · ${h.date ?? h.year} · ${h.kind} · ${h.stance} ${h.year} · score ${h.score}`);
    const first = h.highlights[0];
    const from = first ? Math.max(0, first[0] - 30) : 0;
    const to = first ? Math.min(h.text.length, first[1] + 60) : 90;
    const shifted = h.highlights.filter(([s, e]) => s >= from && e <= to).map(([s, e]) => [s - from, e - from] as [number, number]);
    io.out(`   ${from > 0 ? '…' : ''}${markup(h.text.slice(from, to), shifted).replace(/\n/g, ' ')}${to < h.text.length ? '…' : ''}`);
  });
  if (result.total > offset + result.hits.length) io.out(`\n… ${result.total - offset - result.hits.length} more (--offset ${offset + result.hits.length})`);
  return 0;
}
