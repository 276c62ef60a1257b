// custom-elements.json: written by `cem analyze --litelement` in scripts/build.js, shipped in
// the package ("customElements" in package.json). It describes what dist/index.js exports.
import { publicApiPlugin } from './scripts/cem-public-api.js';

export default {
  globs: ['src/index.ts', 'src/hosted-auth-session.ts', 'src/errors.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    publicApiPlugin({
      entries: { 'dist/index.js': 'src/index.ts' },
      modules: {
        'src/index.ts': 'dist/index.js',
        'src/hosted-auth-session.ts': 'dist/index.js',
        'src/errors.ts': 'dist/index.js',
      },
    }),
  ],
};
