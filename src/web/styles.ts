/**
 * The one stylesheet, inlined in every page so the site is a single request per view and needs no build.
 * Layout is a single column that works from 375 px up; long ids and URLs may break anywhere so nothing
 * forces horizontal scrolling.
 */
export const CSS = `
:root {
  --fg: #1d232b; --muted: #5b6570; --bg: #fbfaf7; --card: #fff; --line: #ddd8cc;
  --accent: #9b1c1c; --accent-bg: #fdf1ef; --mark: #ffe27a;
  --del: #b42318; --del-bg: #fde3e0; --ins: #11693a; --ins-bg: #dcf3e4; --shift: #1d4ed8; --shift-down: #9a3412;
  --focus: #1d5fd0;
  font-family: "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "Hiragino Sans GB",
    "WenQuanYi Micro Hei", system-ui, sans-serif;
  color: var(--fg); background: var(--bg);
  line-height: 1.75; -webkit-text-size-adjust: 100%;
}
* { box-sizing: border-box; }
body { margin: 0; overflow-wrap: anywhere; }
a { color: #1849a9; text-underline-offset: 0.2em; }
a:hover { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
.skip { position: absolute; left: -9999px; top: 0; }
.skip:focus { left: 0.5rem; top: 0.5rem; background: var(--card); padding: 0.25rem 0.5rem; z-index: 10; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

header.site { background: var(--accent); color: #fff; }
header.site .bar { max-width: 60rem; margin: 0 auto; padding: 0.5rem 1rem; display: flex; flex-wrap: wrap;
  gap: 0.25rem 1rem; align-items: baseline; }
header.site .brand { color: #fff; font-weight: 700; font-size: 1.2rem; text-decoration: none; margin-right: auto; }
header.site nav { display: flex; flex-wrap: wrap; gap: 0 0.75rem; }
header.site nav a { color: #fff; white-space: nowrap; }
header.site nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 2px; }
header.site :focus-visible { outline-color: #fff; }

main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.35rem; margin: 0.5rem 0 1rem; line-height: 1.4; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
p { margin: 0.5rem 0; }
.muted { color: var(--muted); font-size: 0.9rem; }
.error { border-left: 4px solid var(--del); background: var(--del-bg); padding: 0.5rem 0.75rem; }

form.query { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0 1rem; }
form.query label { font-weight: 600; }
form.query input[type="search"], form.query input[type="text"], form.query select, form.query textarea {
  flex: 1 1 14rem; min-width: 0; font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #a9a294;
  border-radius: 4px; background: #fff; }
.field { display: flex; gap: 0.5rem; align-items: center; flex: 1 1 18rem; min-width: 0; }
.field select { flex: 1 1 auto; }
.choices { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; flex: 1 1 100%; }
.choices label { font-weight: normal; }
form.query .choices select { flex: 0 1 auto; }
button, .button { font: inherit; padding: 0.4rem 1rem; border: 1px solid var(--accent); background: var(--accent);
  color: #fff; border-radius: 4px; cursor: pointer; text-decoration: none; display: inline-block; }
.help { font-size: 0.85rem; color: var(--muted); }
.help code { background: #efece4; padding: 0 0.25em; border-radius: 3px; }

.layout { display: grid; grid-template-columns: 13rem minmax(0, 1fr); gap: 1.5rem; }
@media (max-width: 720px) { .layout { grid-template-columns: minmax(0, 1fr); } }
.facets h2 { font-size: 0.95rem; margin: 0.75rem 0 0.25rem; }
.facets ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem; }
.facets a { display: inline-block; padding: 0 0.5rem; border: 1px solid var(--line); border-radius: 999px;
  background: var(--card); text-decoration: none; font-size: 0.9rem; }
.facets a[aria-current="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.facets details { margin-top: 0.25rem; font-size: 0.9rem; }
.facets summary { cursor: pointer; color: var(--muted); }
.facets .count { color: var(--muted); font-size: 0.8rem; margin-left: 0.25rem; }
.facets a[aria-current="true"] .count { color: #fff; }

ol.results { list-style: none; padding: 0; margin: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem 1rem; margin: 0 0 0.75rem; }
.card h3 { font-size: 1rem; margin: 0; }
.card > h2:first-child { margin-top: 0; }
.meta { color: var(--muted); font-size: 0.85rem; display: flex; flex-wrap: wrap; gap: 0 0.75rem; }
.actions { font-size: 0.9rem; display: flex; flex-wrap: wrap; gap: 0 1rem; }
mark { background: var(--mark); color: inherit; padding: 0 1px; border-radius: 2px; }
.text { margin: 0.4rem 0; white-space: pre-wrap; }

nav.pages { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 1rem 0; }
nav.pages a, nav.pages span { padding: 0.1rem 0.6rem; border: 1px solid var(--line); border-radius: 4px; background: var(--card); }
nav.pages .gap { border: 0; background: none; }
nav.pages [aria-current="page"] { background: var(--accent); color: #fff; border-color: var(--accent); }

.switch { display: inline-flex; border: 1px solid var(--accent); border-radius: 4px; overflow: hidden; margin: 0.25rem 0 1rem; }
.switch a { padding: 0.2rem 0.8rem; text-decoration: none; color: var(--accent); }
.switch a[aria-current="true"] { background: var(--accent); color: #fff; }
ol.timeline { list-style: none; margin: 0; padding: 0 0 0 1rem; border-left: 3px solid var(--line); }
ol.timeline > li { position: relative; }
ol.timeline > li::before { content: ""; position: absolute; left: -1.45rem; top: 1.1rem; width: 0.7rem; height: 0.7rem;
  border-radius: 50%; background: var(--accent); }
/* a report that does not say it: a hollow mark and a dashed stretch of the line, so the hole shows */
ol.timeline > li.gap { padding: 0.25rem 0.75rem; margin: 0.25rem 0 0.25rem -1.15rem; border-left: 3px dashed var(--line); background: transparent; }
ol.timeline > li.gap::before { left: -0.6rem; background: #fff; border: 2px solid var(--muted); }
ol.timeline > li.gap p { margin: 0.1rem 0; }
.why { font-size: 0.85rem; }
.badge { display: inline-block; margin: 0 0 0.25rem; padding: 0 0.5rem; border-radius: 999px; background: var(--accent); color: #fff; font-size: 0.8rem; }
.year { font-weight: 700; color: var(--accent); }
del { color: var(--del); background: var(--del-bg); text-decoration: line-through; }
ins { color: var(--ins); background: var(--ins-bg); text-decoration: none; border-bottom: 1px solid var(--ins); }
del.num strong, ins.num strong { font-weight: 800; padding: 0 2px; border-radius: 2px; }
del.num strong { background: #f8b4ab; }
ins.num strong { background: #9fdcb5; }
del.shifted, ins.shifted { outline: 2px solid var(--shift); outline-offset: 1px; border-radius: 2px; }
.shift-tag { display: inline-block; margin: 0 2px; padding: 0 4px; border-radius: 3px; font-size: 0.75em; line-height: 1.5; color: #fff; white-space: nowrap; vertical-align: 0.1em; }
.shift-tag.up { background: var(--shift); }
.shift-tag.down { background: var(--shift-down); }
ol.phrases { padding-left: 1.5rem; }
ol.phrases > li { margin: 0.5rem 0; }
.phrase { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: baseline; margin: 0; }
.phrase strong { font-size: 1.1rem; }
.travel a + a::before { content: "→ "; color: var(--muted); }
.shift-list { list-style: none; padding: 0; }
.shift-list li { margin: 0.35rem 0; }
.context { color: var(--muted); }
.window { background: var(--accent-bg); border-bottom: 2px solid var(--accent); }
.legend { font-size: 0.85rem; color: var(--muted); }
.pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.75rem; }
@media (max-width: 600px) { .pair { grid-template-columns: minmax(0, 1fr); } }
.summary { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
.summary b { font-size: 1.2rem; }

figure.chart { margin: 0.5rem 0 1rem; }
figure.chart svg { width: 100%; max-width: 720px; height: auto; display: block; }
figure.chart .bar { fill: var(--accent); }
figure.chart .axis { fill: var(--muted); font-size: 13px; }
@media (max-width: 600px) { figure.chart .axis { font-size: 22px; } }
table.data { border-collapse: collapse; font-size: 0.9rem; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 0.1rem 0.75rem 0.1rem 0; text-align: left; }
.ichart { margin: 0.25rem 0 0.75rem; --t: #1849a9; }
.ichart svg.plot { width: 100%; height: auto; display: block; overflow: visible; }
.ichart text { font-size: 13px; fill: var(--muted); }
@media (max-width: 600px) { .ichart text { font-size: var(--phone-font, 13px); } }
.ichart .grid { stroke: #e6e1d6; }
.ichart .zero { stroke: #8a857b; }
.ichart rect.t, .ichart circle.t { fill: #fff; fill-opacity: 0.6; stroke: var(--t); stroke-width: 2px; vector-effect: non-scaling-stroke; }
.ichart rect.range { fill: none; stroke: var(--t); stroke-width: 1.5px; stroke-dasharray: 4 3; vector-effect: non-scaling-stroke; }
.ichart line.range { stroke: var(--t); stroke-width: 2px; vector-effect: non-scaling-stroke; }
.ichart .a { fill: var(--accent); }
.ichart line.gap { stroke: #b9b3a6; stroke-width: 1px; vector-effect: non-scaling-stroke; }
.ichart .val.t { fill: var(--t); }
.ichart .val.a { fill: var(--accent); font-weight: 700; }
.ichart .year { fill: var(--fg); }
.ichart .attain.met { fill: var(--ins); }
.ichart .attain.short { fill: var(--del); }
.chart-legend { list-style: none; margin: 0 0 0.25rem; padding: 0; display: flex; flex-wrap: wrap; gap: 0 1.25rem; font-size: 0.9rem; }
.chart-legend li { display: flex; align-items: center; gap: 0.4rem; }
.swatch { display: inline-block; width: 0.9rem; height: 0.9rem; border-radius: 2px; }
.swatch.t { border: 2px solid #1849a9; background: #fff; }
.swatch.a { background: var(--accent); }
.swatch.dot { border-radius: 50%; }
section.series { margin-bottom: 2rem; }
section.series h2 .muted { font-weight: 400; }
.table-wrap { max-width: 100%; overflow-x: auto; }
.table-wrap table { min-width: 100%; }
table.pva caption { text-align: left; font-size: 0.85rem; color: var(--muted); }
table.pva th, table.pva td { vertical-align: top; white-space: nowrap; }
table.pva td:last-child { white-space: normal; min-width: 12rem; }
table.pva .qual { color: var(--muted); font-size: 0.8rem; margin-left: 0.25rem; }
table.pva .met { color: var(--ins); font-weight: 600; }
table.pva .short { color: var(--del); font-weight: 600; }
table.pva .source { display: block; font-size: 0.85rem; }
@media (max-width: 600px) {
  table.pva thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.pva, table.pva caption, table.pva tbody, table.pva tr, table.pva th, table.pva td { display: block; }
  table.pva tr { border-bottom: 1px solid var(--line); padding: 0.35rem 0; }
  table.pva th, table.pva td { border: 0; white-space: normal; padding: 0; }
  table.pva td:last-child { min-width: 0; }
  table.pva td[data-label]::before { content: attr(data-label) "："; color: var(--muted); font-size: 0.85rem; }
  table.pva td[data-label="出处"]::before { content: none; }
}
ul.chips { list-style: none; margin: 0.25rem 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.35rem; }
ul.chips a { display: inline-block; padding: 0 0.6rem; border: 1px solid var(--line); border-radius: 999px; background: var(--card); text-decoration: none; }
blockquote { margin: 0.5rem 0; padding: 0.5rem 0.75rem; border-left: 4px solid var(--accent); background: var(--accent-bg); }

.toc ol { list-style: none; margin: 0; padding: 0; columns: 2 16rem; }
.outline h2 { font-size: 1.1rem; margin: 1.25rem 0 0.25rem; }
.outline h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.outline .unit { margin: 0.25rem 0; padding: 0.1rem 0.4rem; border-radius: 4px; scroll-margin-top: 4rem; white-space: pre-wrap; }
.outline .task { padding-left: 0.75rem; border-left: 3px solid var(--line); }
.outline .anchor { font-size: 0.75rem; color: var(--muted); text-decoration: none; margin-left: 0.25rem; }
.outline :target, .outline .current { background: var(--mark); outline: 2px solid #d4a72c; }
.outline .item { scroll-margin-top: 4rem; }
.downloads { font-size: 0.85rem; color: var(--muted); display: flex; flex-wrap: wrap; gap: 0 0.75rem; align-items: baseline; }
.downloads a { white-space: nowrap; }
.cite { font-size: 0.8rem; color: var(--muted); display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: baseline; }
.cite .citation { user-select: all; }
button.copy { font-size: 0.8rem; padding: 0 0.5rem; background: var(--card); color: var(--accent); border-color: var(--line); }
button.copy.copied { color: var(--ins); border-color: var(--ins); }
.spinner { display: none; position: fixed; top: 0.6rem; right: 0.75rem; width: 1.5rem; height: 1.5rem; z-index: 20;
  border: 3px solid rgba(255,255,255,0.45); border-top-color: #fff; border-radius: 50%; animation: spin 0.8s linear infinite; }
.busy .spinner { display: block; }
.busy main { opacity: 0.6; transition: opacity 0.2s; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation-duration: 3s; } }
`;
