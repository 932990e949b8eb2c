/**
 * The generic CSV: `month, workload` and any of `inputTokens, cachedInputTokens,
 * cacheWriteTokens, outputTokens, cost, computeCost, opsHoursPerWeek, users` (tokens may carry
 * the k/M/B suffixes). The workload is named in the row, so no attribution applies.
 */
import { isMonth, TOKEN_KEYS, type Figures } from '../model';
import { parseTokenQuantity } from '../../parse/quantities';
import { dayOf, number, RowError, text, type CsvAdapter } from '../record';

export const GENERIC_COLUMNS = ['month', 'workload', 'inputTokens', 'cachedInputTokens', 'cacheWriteTokens', 'outputTokens', 'cost', 'computeCost', 'opsHoursPerWeek', 'users'] as const;

export const genericCsv: CsvAdapter = {
  source: 'csv',
  row(row, where, out) {
    const month = text(row.month);
    const workload = text(row.workload);
    if (!month && !workload && GENERIC_COLUMNS.every((c) => !text(row[c]))) return;
    if (!month) throw new RowError(where, 'month', 'missing month');
    const m = month.slice(0, 7);
    if (!isMonth(m) || (month.length > 7 && !/^\d{4}-\d{2}-\d{2}$/.test(month))) throw new RowError(where, 'month', `"${month}" is not a month (YYYY-MM)`);
    if (!workload) throw new RowError(where, 'workload', 'missing workload');
    const figures: Figures = {};
    for (const k of TOKEN_KEYS) {
      const v = text(row[k]);
      if (v === undefined) continue;
      const n = parseTokenQuantity(v.replace(/,/g, ''));
      if (n === undefined) throw new RowError(where, k, `"${v.slice(0, 40)}" is not a token quantity`);
      figures[k] = n;
    }
    for (const k of ['cost', 'computeCost', 'opsHoursPerWeek', 'users'] as const) {
      const n = number(row[k], where, k);
      if (n !== undefined) figures[k] = n;
    }
    const [y, mo] = m.split('-').map(Number);
    out.emit({ where, month: m, firstDay: `${m}-01`, lastDay: dayOf(Date.UTC(y, mo, 1) - 1), figures, keys: { vendor: 'csv', workload } });
  },
};
