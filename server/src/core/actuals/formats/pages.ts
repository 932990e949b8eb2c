/** Paged JSON exports (`{ data: [buckets], has_more, next_page }`): one page, an array of pages, or pages concatenated. */
import { isRecordValue, RowError } from '../record';

export interface Bucket { bucket: Record<string, unknown>; path: string }

/** Every bucket of every page, with its JSON path (`[1].data[0]` for the second page). */
export function bucketsOf(values: unknown[]): Bucket[] {
  const pages: { page: unknown; path: string }[] = [];
  values.forEach((v, i) => {
    const at = values.length > 1 ? `[${i}]` : '';
    if (Array.isArray(v)) v.forEach((p, j) => pages.push({ page: p, path: `${at}[${j}]` }));
    else pages.push({ page: v, path: at });
  });
  const out: Bucket[] = [];
  for (const { page, path } of pages) {
    if (!isRecordValue(page) || !Array.isArray(page.data)) throw new RowError(path || '(top level)', 'data', 'not a page of the report: expected an object with a "data" list of buckets');
    page.data.forEach((b, k) => {
      const p = `${path ? `${path}.` : ''}data[${k}]`;
      if (!isRecordValue(b)) throw new RowError(p, '(bucket)', 'expected an object');
      out.push({ bucket: b, path: p });
    });
  }
  return out;
}

/** The results of a bucket, with their JSON paths. */
export function resultsOf(b: Bucket): { result: Record<string, unknown>; path: string }[] {
  const results = b.bucket.results ?? b.bucket.result;
  if (!Array.isArray(results)) throw new RowError(b.path, 'results', 'expected a list of results');
  return results.flatMap((r, i) => {
    const path = `${b.path}.results[${i}]`;
    if (!isRecordValue(r)) throw new RowError(path, '(result)', 'expected an object');
    return [{ result: r, path }];
  });
}
