/** Types passed between pipeline stages. Each field is commented once, here. */

export type Level = 'national' | 'province' | 'city' | 'county';
export type DocKind = 'work-points' | 'conference-report' | 'government-work-report' | 'other';
export type UnitKind = 'section' | 'task' | 'item' | 'table-row' | 'paragraph' | 'glossary';
export type Stance = 'plan' | 'review' | 'outlook' | 'other';

export interface DocMeta {
  /** stable, readable, URL-safe id, e.g. `sichuan-2022-work-points` */
  id: string;
  /** the report's own title, e.g. 2022年全省科技创新工作要点 */
  title: string;
  /** the body that issued it, e.g. 四川省科学技术厅, 国务院 */
  issuer: string;
  /** canonical full region name: 四川省, 遂宁市, 全国 */
  region: string;
  level: Level;
  /** the year the document plans for */
  year: number;
  /**
   * ISO date (YYYY-MM-DD) of delivery (a report's dateline), meeting or issue, used for ordering; null when the
   * text does not say. When the printed date contradicts the document number and title, the consistent one.
   */
  date: string | null;
  /** the date as printed, only when `date` had to differ from it */
  datePrinted?: string;
  /** why `date` is not the printed date, or why there is none although the text has a dateline */
  dateNote?: string;
  kind: DocKind;
  /** document number such as 川科发〔2022〕2号, or null */
  docNo: string | null;
  /** path of the file it came from, relative to the seeds folder */
  source: string;
}

export interface Unit {
  /** `${docId}:${letter}${n}` — t=task, s=section, i=item, r=table row, p=paragraph */
  id: string;
  docId: string;
  kind: UnitKind;
  /** 1-based position among units of the same kind in the document */
  ordinal: number;
  /** titles of the enclosing sections, outermost first */
  path: string[];
  /** heading sentence (task, section, table row) or the first words of the text */
  title: string;
  /** display text, original characters: display.slice(start, end) */
  text: string;
  /** offsets into the document's display text */
  start: number;
  end: number;
  stance: Stance;
  /** the year the unit's content is about; an outlook's first year */
  year: number;
  /** an outlook's last year: 2030 for the 15th five-year plan (2026–2030) */
  yearTo?: number;
}

/** A cleaned document: display text plus a map back to the source file. */
export interface Cleaned {
  /** text shown and quoted: chrome and artefacts removed, broken lines joined */
  display: string;
  /** sourceIndex[i] = offset in the raw file of display[i]; length display.length + 1 */
  sourceIndex: Int32Array;
}

export interface Doc {
  meta: DocMeta;
  display: string;
  units: Unit[];
}

/** A word token; joining all tokens' text gives back the input exactly. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** false for whitespace and punctuation */
  isWord: boolean;
}
