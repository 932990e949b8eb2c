/** A CSV export held in memory (tests, the editor) fed row by row to a reader, as the CLI streams a file. */
import Papa from 'papaparse';
import type { ExportReader } from './importer';

export const CSV_CONFIG = { header: true, skipEmptyLines: 'greedy', transformHeader: (h: string) => h.replace(/^\uFEFF/, '').trim() } as const;

export function readCsvText(reader: ExportReader, text: string): void {
  Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    ...CSV_CONFIG,
    step(result) {
      reader.csvRow(result.data, result.meta.fields ?? [], result.errors.map((e) => e.message));
    },
  });
}
