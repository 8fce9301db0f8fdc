// The composition root shared by the API, the CLI and the tests.
export { RegistryModule } from './registry.module.js';
export { type DatabaseServerStatus } from './health.controller.js';
export { registryMigrations } from './migrations.js';
export { seedDemo, demoSecrets, type DemoSecrets } from './demo-seed.js';
export { prepareKeyedData, preparePersonalData } from './personal-data-startup.js';
