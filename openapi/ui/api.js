// Talking to the gateway: relative URLs, the API key, problem+json errors and paging.
//
// Every URL is resolved against document.baseURI (the page is served at {base}/ui), so
// 'quotas' becomes {base}/quotas whatever prefix the gateway is mounted under.

const KEY_STORAGE = 'quota-gateway.api-key';
let memoryKey = null;  // used when sessionStorage is unavailable (privacy modes)

// A non-2xx answer; `problem` is the problem+json body when there was one.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function storedKey() {
  try { return sessionStorage.getItem(KEY_STORAGE); } catch { return memoryKey; }
}

function storeKey(key) {
  memoryKey = key;
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch { /* memoryKey holds it */ }
}

export function forgetKey() { storeKey(null); }

// --- the API key form -------------------------------------------------------------------
// Several requests may hit 401 at once (table and panels load in parallel); they all wait on
// the same prompt and retry with the key it gives.
let pendingKey = null;

function askForKey(problem, rejectedKey) {
  if (rejectedKey && storedKey() === rejectedKey) storeKey(null);
  if (pendingKey) return pendingKey;
  const form = document.getElementById('api-key-form');
  const input = document.getElementById('api-key');
  const message = document.getElementById('api-key-message');
  // A key we sent was refused: say why (the problem's detail), else just that one is needed.
  message.textContent = rejectedKey
    ? `That key was refused: ${problem?.detail || 'the API key is not valid'}. Try again.`
    : 'This gateway needs an API key to show its quotas.';
  message.classList.toggle('error-text', Boolean(rejectedKey));
  form.hidden = false;
  document.body.classList.add('needs-key');
  input.value = '';
  input.focus();
  pendingKey = new Promise((resolve) => {
    const onSubmit = (event) => {
      event.preventDefault();  // form-action 'none': the form never navigates
      const key = input.value.trim();
      if (!key) return;
      form.removeEventListener('submit', onSubmit);
      storeKey(key);
      form.hidden = true;
      document.body.classList.remove('needs-key');
      pendingKey = null;
      resolve(key);
    };
    form.addEventListener('submit', onSubmit);
  });
  return pendingKey;
}

async function readBody(response) {
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('json')) return null;
  try { return await response.json(); } catch { return null; }
}

// One request's answer. 401 → ask for a key and try again with it, as often as it takes.
async function fetchJson(url, signal) {
  for (;;) {
    const key = storedKey();
    const headers = { Accept: 'application/json' };
    if (key) headers.Authorization = `Bearer ${key}`;
    // no-store: a dashboard wants the gateway's current view (its own cache is what keeps
    // upstream load bounded); a 304 from the browser cache would bring back old ages.
    const response = await fetch(url, { headers, signal, cache: 'no-store' });
    const body = await readBody(response);
    if (response.status === 401) {
      // Refused with a key another request has replaced meanwhile (the panels load in parallel
      // and a late 401 of the wrong key can arrive after the right one was entered): try that one.
      if (key && storedKey() && storedKey() !== key) continue;
      await askForKey(body, key);
      if (signal?.aborted) throw new DOMException('superseded', 'AbortError');
      continue;
    }
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }
}

// The page loads its table and panels at once. Until one answer has shown whether the gateway
// wants a key (and that the key held works), only that first request goes out: the others wait
// for it, so a gateway with keys answers one 401 and the form shows, not one 401 per panel.
let authSettled = false;
let authGate = null;

// GET a JSON resource (relative to the page), asking for a key when the gateway wants one.
export async function getJson(path, params = {}, { signal } = {}) {
  const url = new URL(path, document.baseURI);
  for (const [name, value] of Object.entries(params)) {
    if (value !== '' && value !== null && value !== undefined) url.searchParams.set(name, value);
  }
  if (!authSettled) {
    if (authGate) {
      await authGate;
    } else {
      let release;
      authGate = new Promise((resolve) => { release = resolve; });
      try {
        return await fetchJson(url, signal);
      } finally {
        authSettled = true;
        release();
      }
    }
  }
  return fetchJson(url, signal);
}

// Every record matching `params`, following next_page_token until the end. The token is bound
// to the filters and sort, so every page repeats them. `onPage(loaded, total)` reports progress.
export async function getAllQuotas(params, { signal, onPage } = {}) {
  const items = [];
  let answer = null;
  let token = null;
  for (let pages = 0; pages < 10000; pages += 1) {
    answer = await getJson('quotas', { ...params, page_size: 1000, page_token: token }, { signal });
    items.push(...answer.items);
    onPage?.(items.length, answer.total_items);
    token = answer.next_page_token;
    if (!token) break;
  }
  return { items, sources: answer.sources, total_items: answer.total_items };
}

export function getHistory(id, { signal } = {}) {
  // One path segment whatever the id holds: ':' today ("tencent-live:live-demo:281406"), and a
  // '/', '?', '#' or '%' from a provider's native id must not change the path either.
  return getJson(`quotas/${encodeURIComponent(id)}/history`, {}, { signal });
}
