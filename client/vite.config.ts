import { fileURLToPath } from 'node:url';
import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const clientDir = fileURLToPath(new URL('.', import.meta.url));
// scripts/build.mjs builds into a directory of its own, then swaps client/build over to it.
const buildDir = process.env.CONSOLE_BUILD_DIR ?? fileURLToPath(new URL('./build', import.meta.url));
const api = process.env.IM_API_URL ?? 'http://127.0.0.1:5000';

export default defineConfig({
  root: clientDir,
  // Everything is behind login, so the console is a single-page app served by the API server.
  plugins: [sveltekit({ adapter: adapter({ pages: buildDir, assets: buildDir, fallback: 'index.html' }) })],
  server: {
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: false },
    },
  },
});
