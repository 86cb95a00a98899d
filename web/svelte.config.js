import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    // WEB_BUILD_OUT: the end-to-end tests build elsewhere, so they never replace build/ under a running server.
    adapter: adapter({ out: process.env.WEB_BUILD_OUT || 'build', precompress: false }),
    // SvelteKit's origin check stays on: Auth.js (skipCSRFCheck) and every form action rely on it.
    csrf: { trustedOrigins: [] },
    alias: { $components: 'src/lib/components' },
  },
};

export default config;
