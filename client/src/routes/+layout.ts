// Everything is behind login: no server rendering, no prerendering; the API server serves the fallback page.
export const ssr = false;
export const prerender = false;
