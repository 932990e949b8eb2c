/** The playbook's columns (SPEC §10) and the names a sheet may give them, in any order and case. */

export type Field =
  | 'workload' | 'id' | 'name' | 'owner' | 'status' | 'shape' | 'users' | 'sessionsPerUser' | 'tokensPerUser'
  | 'opsHoursPerWeek' | 'model' | 'degradeTo' | 'costGate' | 'shipQuarter' | 'signOff' | 'engineering' | 'finance';

/** Header names, compared lower-case with everything but letters and digits removed. */
const NAMES: Record<Field, string[]> = {
  workload: ['workload', 'workloads'],
  id: ['id', 'workloadid'],
  name: ['name', 'workloadname'],
  owner: ['owner', 'dri'],
  status: ['status', 'commitment', 'commitmentlevel'],
  shape: ['shape', 'workloadshape', 'workloadclass'],
  users: ['users', 'usercount', 'numberofusers'],
  sessionsPerUser: ['sessionsusermonth', 'sessionsperuser', 'sessionsperusermonth', 'sessionsperuserpermonth', 'sessionsuser', 'sessionsusermo', 'sessions'],
  tokensPerUser: ['tokensusermonth', 'tokensperuser', 'tokensperusermonth', 'tokensperuserpermonth', 'tokensuser', 'tokensusermo', 'tokens'],
  opsHoursPerWeek: ['opshoursweek', 'opshwk', 'opshoursperweek', 'opshourswk', 'opshweek', 'opshrswk', 'opshours', 'ops'],
  model: ['modeltier', 'model', 'models', 'tier'],
  degradeTo: ['degradeto', 'degrade', 'fallbackmodel'],
  costGate: ['costgate', 'gate', 'overage'],
  shipQuarter: ['shipquarter', 'quarter', 'ship', 'shipq'],
  signOff: ['signoff', 'signedoff'],
  engineering: ['engineeringsignoff', 'engsignoff', 'engineering'],
  finance: ['financesignoff', 'finsignoff', 'finance'],
};

const BY_NAME = new Map<string, Field>();
for (const [field, names] of Object.entries(NAMES) as [Field, string[]][]) for (const n of names) BY_NAME.set(n, field);

/** `Sessions/user/month`, `Sessions per user`, `OPS H/WK` → the field; units in brackets ignored. */
export function fieldOfHeader(header: string): Field | undefined {
  const key = header.toLowerCase().replace(/\((?:per )?(?:month|mo|week|wk|usd|\$)\)/g, '').replace(/[^a-z0-9]/g, '');
  return BY_NAME.get(key);
}

export interface HeaderRow {
  row: number;
  /** Column index → field, for the recognised columns. */
  fields: Map<number, Field>;
  /** Column index → header text, for every non-empty header cell. */
  headers: Map<number, string>;
}

/** The first row naming a Workload (or Id) column and at least one other playbook column. */
export function findHeader(rows: unknown[][]): HeaderRow | undefined {
  for (let r = 0; r < rows.length; r++) {
    const fields = new Map<number, Field>();
    const headers = new Map<number, string>();
    rows[r].forEach((cell, c) => {
      if (typeof cell !== 'string' || !cell.trim()) return;
      headers.set(c, cell.trim());
      const f = fieldOfHeader(cell);
      if (f && ![...fields.values()].includes(f)) fields.set(c, f);
    });
    const kinds = new Set(fields.values());
    if ((kinds.has('workload') || kinds.has('id')) && kinds.size >= 2) return { row: r, fields, headers };
  }
  return undefined;
}

export const PLAYBOOK_COLUMNS = 'Workload, Owner, Status, Users, Sessions/user/month, Tokens/user/month, Ops hours/week, Model tier, Cost gate, Ship quarter';
