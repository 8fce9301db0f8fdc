import { ROLE_PERMISSIONS } from '#qcr/access';
import { parseEnterpriseCode, randomOrgCode, randomUscc } from '#qcr/identifiers';
import { Permission } from '#qcr/platform';
// The portal's browser modules: plain ES modules, imported here as the browser imports them.
import { checkCode } from '../public/js/codes.js';
import { ROLE_PERMISSIONS as PORTAL_ROLES } from '../public/js/roles.js';

/** The portal repeats two small server tables so pages can explain and hide; these keep them equal. */
describe('portal mirrors of server rules', () => {
  it('roles.js grants each role exactly the permissions of libs/access/src/roles.ts', () => {
    for (const [role, permissions] of Object.entries(ROLE_PERMISSIONS)) {
      const mirrored = PORTAL_ROLES[role];
      if (mirrored === undefined) throw new Error(`roles.js has no role ${role}`);
      const expanded = mirrored === 'all' ? Object.values(Permission) : mirrored;
      expect([...expanded].sort()).toEqual([...permissions].sort());
    }
    expect(Object.keys(PORTAL_ROLES).sort()).toEqual(Object.keys(ROLE_PERMISSIONS).sort());
  });

  const vectors = [
    '91350200776049653A',
    '91350503MA31DKY80A',
    '91350200MA31E12PXF',
    '9135021359498494XQ',
    '123502001549897397',
    '77604965-3',
    '７７６０４９６５－３',
  ];
  const broken = ['91350200776049653B', '91350200776049663A', '9135020077604965', '91350200776O49653A', '77604965-4', 'ABCDEFGH-Z', '', '91350200776049653AA'];
  it.each([...vectors, ...broken])('codes.js agrees with #qcr/identifiers on %s', (code) => {
    const server = parseEnterpriseCode(code);
    const portal = checkCode(code);
    expect(portal.ok).toBe(server.ok);
    if (!server.ok) expect(portal).toMatchObject({ rule: server.rule, ...(server.position ? { position: server.position } : {}) });
  });

  it('agrees on random valid codes and on each of their one-character corruptions', () => {
    for (let n = 0; n < 50; n++) {
      for (const code of [randomUscc(), randomOrgCode()]) {
        expect(checkCode(code).ok).toBe(true);
        const i = n % code.length;
        const corrupt = code.slice(0, i) + (code[i] === '1' ? '2' : '1') + code.slice(i + 1);
        const server = parseEnterpriseCode(corrupt);
        expect(checkCode(corrupt)).toMatchObject(server.ok ? { ok: true } : { ok: false, rule: server.rule });
      }
    }
  });
});
