/** Indicator tracker: quantitative targets and outcomes across years and regions (issue 7). */
export { extractIndicators, QUALIFIERS, type Indicator, type IndicatorStance, type Qualifier } from './extract.js';
export { INDICATOR_NAMES, NOT_INDICATORS, nameMatcher, type IndicatorName } from './names.js';
export { parseQuantity, type Quantity } from './quantity.js';
export {
  IndicatorQuery,
  extractionQuality,
  indicators,
  planVsActual,
  type ExtractionQuality,
  type IndicatorFilters,
  type PlanVsActual,
  type SeedFigure,
} from './query.js';
