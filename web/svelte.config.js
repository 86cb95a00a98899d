import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    adapter: adapter({ out: 'build', precompress: false }),
    // SvelteKit's origin check stays on: Auth.js (skipCSRFCheck) and every form action rely on it.
    csrf: { trustedOrigins: [] },
    alias: { $components: 'src/lib/components' },
  },
};

export default config;
