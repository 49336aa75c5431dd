import { describe, expect, it } from 'vitest';
import type http from 'node:http';
import { crossSiteProblem, hostProblem, metricsProblem } from '../../server/src/http/guards.ts';

const request = (headers: Record<string, string>, method = 'POST') => ({ headers, method }) as unknown as http.IncomingMessage;

describe('/metrics access', () => {
  it('is open outside production without METRICS_TOKEN, closed in production, and takes only the token when set', () => {
    expect(metricsProblem(request({}), undefined, false)).toBeNull();
    expect(metricsProblem(request({}), undefined, true)?.status).toBe(403);
    expect(metricsProblem(request({}), 's3cret', false)?.status).toBe(401);
    expect(metricsProblem(request({ authorization: 'Bearer nope' }), 's3cret', true)?.status).toBe(401);
    expect(metricsProblem(request({ authorization: 'Bearer s3cret' }), 's3cret', true)).toBeNull();
  });
});

describe('request guards', () => {
  it('accepts host names, addresses and ports, and refuses a Host without a name', () => {
    for (const host of ['localhost:5000', 'example.com', '127.0.0.1:80', '[::1]:5000', 'demo.localhost'])
      expect(hostProblem(request({ host })), host).toBeNull();
    for (const host of [':5000', '', 'a b', 'user@host', 'x/y', 'x?y']) expect(hostProblem(request({ host }))?.status, host).toBe(400);
  });

  it('lets bearer clients through and holds the cookie to JSON with an allowed origin or X-Requested-With', () => {
    const url = new URL('http://localhost/graphql');
    const origins = ['http://localhost:5000'];
    const json = { 'content-type': 'application/json; charset=utf-8' };
    expect(crossSiteProblem(request({ ...json, authorization: 'Bearer im_x' }), url, origins)).toBeNull();
    expect(crossSiteProblem(request({ ...json, cookie: 'im_session=a', origin: 'http://localhost:5000' }), url, origins)).toBeNull();
    expect(crossSiteProblem(request({ ...json, cookie: 'im_session=a', host: 'im.example.com', origin: 'https://im.example.com' }), url, origins)).toBeNull();
    expect(crossSiteProblem(request({ ...json, cookie: 'im_session=a', 'x-requested-with': 'XMLHttpRequest' }), url, origins)).toBeNull();
    expect(crossSiteProblem(request({ ...json, cookie: 'im_session=a' }), url, origins)?.status).toBe(403);
    expect(crossSiteProblem(request({ ...json, cookie: 'im_session=a', origin: 'https://evil.example' }), url, origins)?.status).toBe(403);
    expect(crossSiteProblem(request({ 'content-type': 'multipart/form-data; boundary=x', authorization: 'Bearer im_x' }), url, origins)?.status).toBe(415);
    expect(crossSiteProblem(request({ cookie: 'im_session=a' }, 'GET'), new URL('http://localhost/graphql?query={viewer{id}}'), origins)?.status).toBe(405);
    expect(crossSiteProblem(request({ cookie: 'im_session=a', accept: 'text/html' }, 'GET'), url, origins)).toBeNull();
    expect(
      crossSiteProblem(request({ cookie: 'im_session=a', accept: 'text/html' }, 'GET'), new URL('http://localhost/graphql?query={viewer{id}}'), origins),
    ).toBeNull();
  });
});
