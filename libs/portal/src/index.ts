// Public surface of the portal (static pages for the public, procurement officers and regulators).
export { PortalModule } from './portal.module.js';
export { portalPublicDir } from './portal-assets.js';
