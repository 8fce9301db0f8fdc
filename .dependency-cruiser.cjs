/**
 * Architecture boundaries (run in `npm run lint`, so CI fails on a violation):
 * - a lib's only public surface is libs/<lib>/src/index.ts;
 * - apps reach libs only through those index files;
 * - platform depends on no context; no cycles between libs.
 */
module.exports = {
  forbidden: [
    {
      name: 'lib-internals-from-outside',
      comment: 'Import another lib only through #qcr/<lib> (its src/index.ts).',
      severity: 'error',
      from: { path: '^(libs|apps|test|seeds)/', pathNot: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'lib-internals-from-other-lib',
      comment: 'A lib may not reach into another lib’s files; use its index.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'platform-depends-on-no-context',
      severity: 'error',
      from: { path: '^libs/platform/' },
      to: { path: '^libs/(?!platform/)' },
    },
    {
      name: 'identifiers-is-pure',
      comment: 'The identifier rules are a pure library: no Nest, no database.',
      severity: 'error',
      from: { path: '^libs/identifiers/' },
      to: { path: '(^libs/(?!identifiers/))|node_modules/(@nestjs|typeorm|pg)/' },
    },
    {
      name: 'no-lib-cycles',
      severity: 'error',
      from: { path: '^libs/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.json'],
      mainFields: ['types', 'typings', 'module', 'main'],
    },
  },
};
