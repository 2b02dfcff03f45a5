// A sample frontend module, written the way a team consuming quota-gateway would: a typed fetch
// wrapper over the `paths` and `components` that openapi-typescript generates from the served
// OpenAPI document ('quota-gateway-api' is the generated quota-gateway.d.ts). Nothing here is
// hand-typed from the server's code: when the document drifts (a field removed or made
// optional, an enum value renamed, a status added or dropped), this module stops compiling.
// tests/node/typed_client.js type-checks it (tsc --strict) and also runs it against a gateway.
import type { components, paths } from 'quota-gateway-api';

export type QuotaRecord = components['schemas']['QuotaRecord'];                     // whole: every field there
export type ProjectedQuotaRecord = components['schemas']['ProjectedQuotaRecord'];   // `fields`: id and those named
export type Unit = components['schemas']['Unit'];
export type SourceStatus = components['schemas']['SourceStatus'];
export type Problem = components['schemas']['Problem'];
export type ProblemType = components['schemas']['ProblemType'];

type ListQuotas = paths['/quotas']['get'];
export type ListQuery = NonNullable<ListQuotas['parameters']['query']>;
export type QuotaPage = ListQuotas['responses'][200]['content']['application/json'];
export type WholePage = components['schemas']['QuotaList'];
export type ProjectedPage = components['schemas']['ProjectedQuotaList'];
// The 200 is one of the two: without `fields` whole records, with it projected ones.
export const pagesAreWholeOrProjected: [QuotaPage] extends [WholePage | ProjectedPage] ? true : never = true;

type GetHistory = paths['/quotas/{id}/history']['get'];
export type HistoryQuery = NonNullable<GetHistory['parameters']['query']>;
export type HistoryId = GetHistory['parameters']['path']['id'];
export type PackageHistory = GetHistory['responses'][200]['content']['application/json'];

type ListPools = paths['/pools']['get'];
export type PoolQuery = NonNullable<ListPools['parameters']['query']>;
export type PoolPage = ListPools['responses'][200]['content']['application/json'];
export type Pool = components['schemas']['Pool'];
type GetPool = paths['/pools/{id}']['get'];
export type PoolDetail = GetPool['responses'][200]['content']['application/json'];

// Every status of GET /quotas that is neither data nor "not modified" carries a problem body.
type ListErrorStatus = Exclude<keyof ListQuotas['responses'], 200 | 304>;
type ListErrorBody<S extends ListErrorStatus> = ListQuotas['responses'][S]['content']['application/problem+json'];

export interface ClientOptions {
  baseUrl: string;  // the spec's server url: "/" or the gateway's base path, on some origin
  apiKey?: string;
  fetch?: typeof fetch;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem, readonly retryAfterSeconds: number | null) {
    super(`${problem.title}: ${problem.detail}`);
  }

  // What a form shows next to its fields.
  invalidParams(): string[] {
    return (this.problem.invalid_params ?? []).map((p) => `${p.name}: ${p.reason}`);
  }
}

type QueryValue = string | number | boolean | readonly string[] | undefined;

// Arrays go comma-separated, which the gateway accepts for every repeatable parameter.
function search(query: { [name: string]: QueryValue }): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function get<T>(options: ClientOptions, path: string, accept: string): Promise<{ body: T; headers: Headers }> {
  const headers: Record<string, string> = { Accept: accept };
  if (options.apiKey) headers['Authorization'] = `Bearer ${options.apiKey}`;
  const response = await (options.fetch ?? fetch)(options.baseUrl.replace(/\/$/, '') + path, { headers });
  if (!response.ok) {
    const problem = (await response.json()) as Problem;
    const retry = response.headers.get('Retry-After');
    throw new ApiError(response.status, problem, retry === null ? null : Number(retry));
  }
  return { body: (await response.json()) as T, headers: response.headers };
}

export type Page<Body extends QuotaPage = WholePage> = Body & {
  totalCount: number;       // X-Total-Count
  nextLink: string | null;  // Link rel="next"
  complete: boolean;        // X-Quota-Complete
};

type WholeQuery = Omit<ListQuery, 'fields'>;
type ProjectedQuery = ListQuery & { fields: NonNullable<ListQuery['fields']> };

async function page<Body extends QuotaPage>(options: ClientOptions, query: ListQuery): Promise<Page<Body>> {
  const { body, headers } = await get<Body>(options, `/quotas${search(query)}`, 'application/json');
  const link = headers.get('Link')?.match(/^<([^>]+)>; rel="next"$/);
  return {
    ...body,
    totalCount: Number(headers.get('X-Total-Count') ?? body.total_items),
    nextLink: link?.[1] ?? null,
    complete: headers.get('X-Quota-Complete') === 'true',
  };
}

// Without `fields` the answer holds whole records (the spec's QuotaList)...
export function listQuotas(options: ClientOptions, query: WholeQuery = {}): Promise<Page<WholePage>> {
  return page<WholePage>(options, query);
}

// ...and with it, records of the fields named (ProjectedQuotaList).
export function listProjected(options: ClientOptions, query: ProjectedQuery): Promise<Page<ProjectedPage>> {
  return page<ProjectedPage>(options, query);
}

// Every matching record, page by page through next_page_token.
export async function listAllQuotas(options: ClientOptions, query: Omit<WholeQuery, 'page_token'> = {}): Promise<QuotaRecord[]> {
  const records: QuotaRecord[] = [];
  let token: string | null = null;
  do {
    const current: Page = await listQuotas(options, token === null ? query : { ...query, page_token: token });
    records.push(...current.items);
    token = current.next_page_token;
  } while (token !== null);
  return records;
}

export async function getHistory(options: ClientOptions, id: HistoryId, query: HistoryQuery = {}): Promise<PackageHistory> {
  const path = `/quotas/${encodeURIComponent(id)}/history${search(query)}`;
  return (await get<PackageHistory>(options, path, 'application/json')).body;
}

export async function listPools(options: ClientOptions, query: PoolQuery = {}): Promise<PoolPage> {
  return (await get<PoolPage>(options, `/pools${search(query)}`, 'application/json')).body;
}

export async function getPool(options: ClientOptions, id: string, horizon?: string): Promise<PoolDetail> {
  return (await get<PoolDetail>(options, `/pools/${encodeURIComponent(id)}${search({ horizon })}`, 'application/json')).body;
}

// The buying question for one pool, in one line.
export function buyingAdvice(pool: Pool | PoolDetail): string {
  if (pool.buy_by === null) return `${pool.id}: nothing to buy (${pool.no_exhaustion_reason ?? 'covered'})`;
  const waste = pool.waste === null || pool.waste === 0 ? '' : `; ${pool.waste} ${pool.unit} expire unused first`;
  return `${pool.id}: buy ${pool.cover ?? '?'} ${pool.unit} by ${new Date(pool.buy_by).toISOString()}${waste}`;
}

// Members in the order the cloud draws on them, with when each takes its turn.
export function drainOrder(pool: PoolDetail): string[] {
  return pool.members.map((m) => `${m.id}: ${m.drain_starts_at ?? 'never'} → ${m.drain_stops_at ?? 'never'}, waste ${m.waste ?? '?'}`);
}

export const typedPoolQueries: PoolQuery[] = [
  { provider: ['tencent-live'], exhausts_before: '14d', wastes_more_than: 0, sort: '-waste', horizon: '180d' },
  { format: 'csv', page_size: 10 },
  // @ts-expect-error: pools have no NDJSON form
  { format: 'ndjson' },
];


// How a dashboard writes an amount's unit: every documented unit has its word (a unit added to or
// renamed in the spec is a compile error here until it has one).
export function unitLabel(unit: Unit): string {
  switch (unit) {
    case 'bytes': return 'B';
    case 'minutes': return 'min';
    case 'hours': return 'h';
    case 'licenses': return 'licenses';
    case 'count': return 'uses';
    case 'unknown': return '';
    default: {
      const unhandled: never = unit;
      return unhandled;
    }
  }
}

// The table row a dashboard renders for one whole record: no field of it is optional.
export interface Row {
  id: string;
  label: string;
  left: string;
  expires: Date | null;
  warn: boolean;
}

export function toRow(record: QuotaRecord): Row {
  const remaining: number | null = record.remaining;
  const utilization: number | null = record.utilization;
  const expires: string | null = record.expires_at;
  const exhausts: string | null = record.projected_exhaustion_at;
  const name: string = record.name;
  const renewal: unknown = record.details['renewal_result'];
  return {
    id: record.id,
    label: `${record.provider} / ${record.account}: ${name}`,
    left: remaining === null ? 'unknown' : `${remaining} ${unitLabel(record.unit)}`.trim(),
    expires: expires ? new Date(expires) : null,
    warn: record.status === 'exhausted' || (utilization ?? 0) > 0.9 || exhausts !== null || renewal === 1,
  };
}

// A projected record has `id` and what `fields` named: everything else may be absent.
export function projectedLabel(record: ProjectedQuotaRecord): string {
  const remaining: number | null | undefined = record.remaining;
  return `${record.name ?? record.id}: ${remaining ?? '?'}`;
}

// The banner above the table: which accounts are behind, and why.
export function sourceBanner(sources: SourceStatus[]): string[] {
  return sources
    .filter((s) => s.status !== 'ok')
    .map((s) => {
      const why = s.error ? `${s.error.title} (${s.error.kind}${s.error.provider_code ? `, ${s.error.provider_code}` : ''})` : 'unknown';
      const age = s.age_seconds === null ? 'never fetched' : `${s.age_seconds} s old`;
      return `${s.provider} ${s.account}: ${s.status}, ${age}: ${why}${s.error?.retryable ? ', retrying' : ''}`;
    });
}

// What the UI says for a problem, by its documented type.
export function describeProblem(problem: Problem): string {
  switch (problem.type) {
    case 'https://quota-gateway.dev/problems/invalid-parameters':
      return `check the filters: ${(problem.invalid_params ?? []).map((p) => p.name).join(', ')}`;
    case 'https://quota-gateway.dev/problems/unauthorized':
      return 'enter a valid API key';
    case 'https://quota-gateway.dev/problems/too-many-requests':
      return 'too many requests; wait a moment';
    case 'https://quota-gateway.dev/problems/all-sources-failed':
      return 'no cloud account could be read';
    case 'https://quota-gateway.dev/problems/not-found':
      return 'no such package';
    default:
      return `${problem.title} (${problem.status}): ${problem.detail}`;
  }
}

// One hint per documented error status of GET /quotas: adding or removing one in the spec is a
// compile error here until the UI handles it.
export const listErrorHints: { [S in ListErrorStatus]: (problem: ListErrorBody<S>) => string } = {
  400: (p) => `fix ${(p.invalid_params ?? []).map((i) => i.name).join(', ') || 'the request'}`,
  401: () => 'enter an API key',
  405: (p) => p.detail,
  406: () => 'ask for JSON, CSV or NDJSON',
  413: () => 'send no body',
  429: () => 'slow down',
  431: () => 'send fewer headers',
  500: (p) => `gateway bug: ${p.detail}`,
  502: (p) => `every account failed: ${p.sources.map((s) => s.account).join(', ')}`,
  503: () => 'the gateway is restarting',
};

export function burnSummary(history: PackageHistory): string {
  const last = history.samples[history.samples.length - 1];
  const rate = history.burn_rate_per_day;
  const when = history.projected_exhaustion_at;
  return [
    `${history.samples.length} samples`,
    last ? `last ${last.at}: ${last.remaining ?? '?'} ${history.unit} left of ${last.total ?? '?'}` : 'no samples',
    rate === null ? 'no rate yet' : `${rate.toFixed(2)} ${history.unit}/day`,
    when === null ? 'not running out' : `runs out ${new Date(when).toISOString()}`,
  ].join('; ');
}

// The query parameters are typed: these are compile errors as long as the spec says so.
export const typedQueries: ListQuery[] = [
  { provider: ['tencent-live', 'alibaba-ice'], status: ['active'], sort: '-remaining', page_size: 50 },
  { format: 'csv', csv_bom: true, expires_before: '30d', fields: ['id', 'name', 'remaining'] },
  { format: 'ndjson', refresh: false, max_age: 60, include: ['raw'], exhausts_before: '14d' },
  // @ts-expect-error: format is json, csv or ndjson
  { format: 'xml' },
  // @ts-expect-error: page_size is a number
  { page_size: '10' },
  // @ts-expect-error: status is one of the documented values
  { status: ['bogus'] },
  // @ts-expect-error: no such field
  { fields: ['secret_key'] },
];

// What the runtime half of the test checks, against a live gateway.
export async function demo(baseUrl: string): Promise<{
  firstPage: number;
  total: number;
  totalCount: number;
  walked: number;
  unique: number;
  nextLink: string | null;
  rows: Row[];
  banner: string[];
  history: string;
  historyId: string;
  projected: string[];
  projectedKeys: string[];
  problem: string;
  problemType: ProblemType | null;
  invalid: string[];
  pools: number;
  advice: string[];
  poolId: string;
  poolMembers: number;
  drain: string[];
}> {
  const options: ClientOptions = { baseUrl };
  const first = await listQuotas(options, { page_size: 5, sort: '-remaining', status: ['active', 'exhausted'] });
  const all = await listAllQuotas(options, { page_size: 40 });
  const projected = await listProjected(options, { page_size: 3, fields: ['name', 'remaining'] });
  const record = first.items[0];
  if (record === undefined) throw new Error('no records');
  const history = await getHistory(options, record.id, { since: '-7d' });
  let problem: ApiError | null = null;
  try {
    await listQuotas(options, { page_size: 0 });
  } catch (e) {
    if (e instanceof ApiError) problem = e;
    else throw e;
  }
  const pools = await listPools(options, { page_size: 100 });
  const firstPool = pools.items[0];
  if (firstPool === undefined) throw new Error('no pools');
  const detail = await getPool(options, firstPool.id, '30d');
  return {
    pools: pools.total_items,
    advice: pools.items.map(buyingAdvice),
    poolId: detail.id,
    poolMembers: detail.member_count,
    drain: drainOrder(detail),
    firstPage: first.items.length,
    total: first.total_items,
    totalCount: first.totalCount,
    walked: all.length,
    unique: new Set(all.map((r) => r.id)).size,
    nextLink: first.nextLink,
    rows: first.items.map(toRow),
    banner: sourceBanner(first.sources),
    history: burnSummary(history),
    historyId: history.id,
    projected: projected.items.map(projectedLabel),
    projectedKeys: [...new Set(projected.items.flatMap((r) => Object.keys(r)))].sort(),
    problem: problem ? describeProblem(problem.problem) : '',
    problemType: problem?.problem.type ?? null,
    invalid: problem?.invalidParams() ?? [],
  };
}
