/**
 * Type checking is `npm run typecheck`'s job; jest only transpiles (isolatedModules in tsconfig.node.json), which keeps the
 * suites fast. `ts` comes before `json` so that miniprogram-simulate's load() finds a page's code, not
 * its page.json.
 */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.node.json' }],
};
const common = {
  rootDir: __dirname,
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  clearMocks: true,
  // The package's source, as tsconfig.json's paths map it; the headless runtime loads the packNpm build instead.
  moduleNameMapper: {
    '^miniprogram-login$': '<rootDir>/packages/miniprogram-login/src/index.ts',
    '^miniprogram-login/(messages|api)$': '<rootDir>/packages/miniprogram-login/src/$1.ts',
  },
  // Built and installed copies of the package (packNpm, npm install, the build): never modules of the tests.
  modulePathIgnorePatterns: ['<rootDir>/packages/miniprogram-login/miniprogram_dist/', '/miniprogram_npm/', '<rootDir>/miniprogram/node_modules/'],
};

module.exports = {
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  globalSetup: '<rootDir>/test/support/run-dir-setup.js',
  globalTeardown: '<rootDir>/test/support/run-dir-teardown.js',
  projects: [
    { ...common, displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'pages', testEnvironment: 'jsdom', testMatch: ['<rootDir>/test/pages/**/*.test.ts'] },
    { ...common, displayName: 'server', testEnvironment: 'node', testMatch: ['<rootDir>/test/server/**/*.test.ts'] },
    { ...common, displayName: 'examples', testEnvironment: 'node', testMatch: ['<rootDir>/test/examples/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testEnvironment: 'jsdom', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    { ...common, displayName: 'automator', testEnvironment: 'node', testMatch: ['<rootDir>/test/automator/**/*.test.ts'] },
    { ...common, displayName: 'compile', testEnvironment: 'node', testMatch: ['<rootDir>/test/compile/**/*.test.ts'] },
    { ...common, displayName: 'layout', testEnvironment: 'node', testMatch: ['<rootDir>/test/layout/**/*.test.ts'] },
    { ...common, displayName: 'cluster', testEnvironment: 'node', testMatch: ['<rootDir>/test/cluster/**/*.test.ts'] },
  ],
};
