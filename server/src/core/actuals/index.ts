/** Actuals (SPEC §8): the file model, the import of vendor exports, the merge into the file. */
export { readActuals, monthTotals, ACTUALS_SOURCES, type Actuals, type ActualsLine } from './model';
export { ExportReader, IMPORT_FORMATS, looksLikeJson, parseJsonValues, type FileImport, type ImportedLine, type ImportFormat, type ImportOptions } from './importer';
export { mergeImports, newActualsText, MergeError, type MergeOutcome } from './merge';
export { readCsvText, CSV_CONFIG } from './csvText';
