// Bundles the part of ECharts the pages use (web/vendor/echarts.js) into dist/web/echarts.js, one minified
// script that defines the global `echarts`. Run by `npm run build`, after the pages' own TypeScript.
import { build } from 'esbuild';

await build({
  entryPoints: ['web/vendor/echarts.js'],
  outfile: 'dist/web/echarts.js',
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  legalComments: 'eof',
  logLevel: 'warning',
});
