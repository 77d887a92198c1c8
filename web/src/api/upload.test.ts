import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildMultipartBody, extractFiles, gqlUpload } from './upload';
import { ApiError } from './client';
import { ImportUserTagsMutation } from '../tags/mutations';

const QUERY = 'mutation ImportUserTags($tag: String!, $file: Upload!) { importUserTags(tag: $tag, file: $file) { count } }';

afterEach(() => {
  vi.unstubAllGlobals();
});

async function text(v: FormDataEntryValue | null): Promise<string> {
  if (v == null) throw new Error('missing part');
  return typeof v === 'string' ? v : await v.text();
}

describe('buildMultipartBody', () => {
  it('sends operations (file nulled), map and the file as part 0, in that order', async () => {
    const file = new File(['u1\nu2\nu3\n'], 'users.csv', { type: 'text/csv' });
    const form = buildMultipartBody(QUERY, { tag: 'vip', file });
    expect([...form.keys()]).toEqual(['operations', 'map', '0']);
    expect(JSON.parse(await text(form.get('operations')))).toEqual({ query: QUERY, variables: { tag: 'vip', file: null } });
    expect(JSON.parse(await text(form.get('map')))).toEqual({ '0': ['variables.file'] });
    const part = form.get('0');
    expect(part).toBeInstanceOf(File);
    expect((part as File).name).toBe('users.csv');
    expect(await (part as File).text()).toBe('u1\nu2\nu3\n');
  });

  it('numbers several files, finds nested ones and sends a repeated file once', async () => {
    const a = new File(['a'], 'a.txt');
    const b = new File(['b'], 'b.txt');
    const form = buildMultipartBody('query', { input: { files: [a, b], again: a, n: 1 } }, 'Op');
    expect([...form.keys()]).toEqual(['operations', 'map', '0', '1']);
    expect(JSON.parse(await text(form.get('operations')))).toEqual({
      query: 'query',
      variables: { input: { files: [null, null], again: null, n: 1 } },
      operationName: 'Op',
    });
    expect(JSON.parse(await text(form.get('map')))).toEqual({
      '0': ['variables.input.files.0', 'variables.input.again'],
      '1': ['variables.input.files.1'],
    });
    expect(await (form.get('1') as File).text()).toBe('b');
  });

  it('leaves the variables it was given alone', () => {
    const file = new File(['x'], 'x.txt');
    const vars = { tag: 't', file };
    const { clone, files } = extractFiles(vars);
    expect(vars.file).toBe(file);
    expect(clone).toEqual({ tag: 't', file: null });
    expect([...files.values()]).toEqual([['variables.file']]);
  });
});

describe('gqlUpload', () => {
  it('posts the multipart body to /graphql with the cookie and returns data', async () => {
    const fetchMock = vi.fn(
      async (_u: RequestInfo | URL, _init?: RequestInit) =>
        new Response(JSON.stringify({ data: { importUserTags: { count: 3, userErrors: [] } } }), { status: 200 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const file = new File(['a\nb\nc\n'], 'ids.txt', { type: 'text/plain' });
    const res = await gqlUpload(ImportUserTagsMutation, { tag: 'vip', file });
    expect(res.importUserTags.count).toBe(3);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/graphql');
    expect(init?.method).toBe('POST');
    expect(init?.credentials).toBe('same-origin');
    expect(init?.body).toBeInstanceOf(FormData);
    // the browser sets multipart/form-data with the boundary itself
    expect(new Headers(init?.headers).get('Content-Type')).toBeNull();
  });

  it('reports upload progress through XMLHttpRequest and maps GraphQL errors', async () => {
    const sent: { body?: unknown; method?: string; url?: string } = {};
    class FakeXHR {
      upload: { onprogress?: (e: { loaded: number; total: number; lengthComputable: boolean }) => void } = {};
      status = 0;
      responseText = '';
      withCredentials = false;
      onload?: () => void;
      onerror?: () => void;
      ontimeout?: () => void;
      onabort?: () => void;
      open(method: string, url: string) {
        sent.method = method;
        sent.url = url;
      }
      setRequestHeader() {}
      abort() {
        this.onabort?.();
      }
      send(body: unknown) {
        sent.body = body;
        queueMicrotask(() => {
          this.upload.onprogress?.({ loaded: 50, total: 100, lengthComputable: true });
          this.upload.onprogress?.({ loaded: 100, total: 100, lengthComputable: true });
          this.status = 200;
          this.responseText = JSON.stringify({
            errors: [{ message: 'importUserTags is not available', extensions: { code: 'UNAVAILABLE' } }],
          });
          this.onload?.();
        });
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXHR);
    const progress: (number | null)[] = [];
    const file = new File(['a'], 'ids.txt');
    const err = await gqlUpload(ImportUserTagsMutation, { tag: 'vip', file }, { onProgress: (p) => progress.push(p.percent) }).catch(
      (e: unknown) => e,
    );
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/graphql');
    expect(sent.body).toBeInstanceOf(FormData);
    expect(progress).toEqual([50, 100]);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('UNAVAILABLE');
  });
});
