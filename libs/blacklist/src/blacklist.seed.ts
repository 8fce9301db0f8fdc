import type { INestApplicationContext } from '@nestjs/common';
import { ListingRevocations } from './listing-revocations.service.js';
import { getDataSourceToken } from '@nestjs/typeorm';
import { UsersService } from '#qcr/access';
import { EnterpriseRegistrar, EnterprisesService } from '#qcr/enterprises';
import { randomUscc, seededRandom } from '#qcr/identifiers';
import { type Actor, addDays, addYears, isPgError, PG, queryRows, todayInChina } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { ListingDecisions } from './listing-decisions.service.js';
import { ListingsService } from './listings.service.js';
import { RemovalsService } from './removals.service.js';

// Serialises seeding across processes (parallel test workers all seed the same database).
const SEED_LOCK = 7_305_005;

type Stage = 'proposed' | 'notified' | 'deadline_passed' | 'listed' | 'repair_pending' | 'dropped' | 'repaired' | 'expired' | 'revoked';

interface DemoCase {
  key: string;
  name: string;
  legalRep: string;
  division: string;
  industry: string;
  stage: Stage;
  /** days before today the case was proposed; later steps follow from it */
  proposedDaysAgo: number;
  reason: string;
}

const CASES: DemoCase[] = [
  {
    key: 'DEMO-BL-01',
    name: '厦门鑫达电线电缆有限公司',
    legalRep: '陈建国',
    division: '350200',
    industry: 'C',
    stage: 'listed',
    proposedDaysAgo: 220,
    reason: '生产销售不合格电线电缆，货值金额较大，受到较重行政处罚',
  },
  {
    key: 'DEMO-BL-02',
    name: '福州闽海食品有限公司',
    legalRep: '林美华',
    division: '350100',
    industry: 'C',
    stage: 'listed',
    proposedDaysAgo: 60,
    reason: '在食品中添加非食用物质，受到较重行政处罚',
  },
  {
    key: 'DEMO-BL-03',
    name: '武汉江城特种设备安装有限公司',
    legalRep: '王志强',
    division: '420100',
    industry: 'E',
    stage: 'repair_pending',
    proposedDaysAgo: 800,
    reason: '特种设备未经监督检验即投入使用，造成安全事故',
  },
  {
    key: 'DEMO-BL-04',
    name: '广州穗丰儿童用品有限公司',
    legalRep: '黄丽',
    division: '440100',
    industry: 'C',
    stage: 'proposed',
    proposedDaysAgo: 2,
    reason: '儿童玩具产品质量监督抽查连续不合格且拒不整改，受到较重行政处罚',
  },
  {
    key: 'DEMO-BL-05',
    name: '合肥皖通汽车配件有限公司',
    legalRep: '张伟',
    division: '340100',
    industry: 'C',
    stage: 'notified',
    proposedDaysAgo: 6,
    reason: '伪造产品产地、冒用他人厂名厂址，受到较重行政处罚',
  },
  {
    key: 'DEMO-BL-06',
    name: '厦门海沧建材有限公司',
    legalRep: '刘洋',
    division: '350200',
    industry: 'C',
    stage: 'deadline_passed',
    proposedDaysAgo: 25,
    reason: '生产销售不符合强制性标准的建筑材料，受到较重行政处罚',
  },
  {
    key: 'DEMO-BL-07',
    name: '武汉楚天化工有限公司',
    legalRep: '赵敏',
    division: '420100',
    industry: 'C',
    stage: 'dropped',
    proposedDaysAgo: 40,
    reason: '拒绝接受产品质量监督检查',
  },
  {
    key: 'DEMO-BL-08',
    name: '广州南粤电器有限公司',
    legalRep: '周强',
    division: '440100',
    industry: 'C',
    stage: 'repaired',
    proposedDaysAgo: 600,
    reason: '生产销售不合格电器产品，受到较重行政处罚',
  },
  {
    key: 'DEMO-BL-09',
    name: '福州榕城医疗器械有限公司',
    legalRep: '吴芳',
    division: '350100',
    industry: 'C',
    stage: 'expired',
    proposedDaysAgo: 1150,
    reason: '生产不符合标准的医疗器械，受到较重行政处罚',
  },
  {
    key: 'DEMO-BL-10',
    name: '合肥庐州纺织有限公司',
    legalRep: '孙磊',
    division: '340100',
    industry: 'C',
    stage: 'revoked',
    proposedDaysAgo: 120,
    reason: '以假充真、以次充好，受到较重行政处罚',
  },
];

/**
 * Issue 18: 陈建国, legal representative of the listed DEMO-BL-01, has since become legal representative of another
 * enterprise (same ID number). That enterprise is not listed itself, yet checks `restricted` for office_holding and
 * licensing; a person check of 陈建国 names DEMO-BL-01's listing. Its index in CASES gives the same ID number.
 */
const SUCCESSOR = {
  key: 'DEMO-PERSON-01',
  name: '厦门鑫源线缆科技有限公司',
  legalRep: '陈建国',
  division: '350200',
  industry: 'C',
  idOf: 0,
  effectiveOn: addDays(todayInChina(), -30),
};

const AUTHORITY = '厦门市市场监督管理局';
const LEGAL_BASIS = '《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）第二条、第九条';

/**
 * Demo listings in every workflow state, on demo enterprises registered through the enterprises
 * facade. Each case is walked through the real service steps on the days it would have happened,
 * so history, audit log and events are as real as any. Idempotent: a case already present is skipped.
 */
/** Returns the ids of enterprises it registered that no listing walk regraded (the composition root grades them). */
export async function seedDemoBlacklist(app: INestApplicationContext): Promise<string[]> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [SEED_LOCK]);
    const existing = await queryRows<{ penalty_document_number: string }>(
      runner,
      `SELECT penalty_document_number FROM blacklist.listings WHERE penalty_document_number LIKE 'DEMO-BL-%'`,
    );
    const done = new Set(existing.map((r) => r.penalty_document_number));
    const todo = CASES.filter((c) => !done.has(c.key));
    const rand = seededRandom(5_005);
    const codes = CASES.map((c) => randomUscc(rand, { division: c.division }));
    const successorCode = randomUscc(rand, { division: SUCCESSOR.division });
    if (todo.length > 0) {
      const officer = await staffActor(app, 'officer');
      const reviewer = await staffActor(app, 'reviewer');
      const secondReviewer = await staffActor(app, 'reviewer2');
      for (const c of todo) {
        const code = codes[CASES.indexOf(c)];
        if (code === undefined) throw new Error(`no demo code for case ${c.key}`); // codes has one per case
        const enterpriseId = await ensureEnterprise(app, code, c, demoIdNumber(c.division, CASES.indexOf(c)));
        await walk(app, c, enterpriseId, officer, reviewer, secondReviewer);
      }
    }
    const existed = await app.get(EnterprisesService).resolve(successorCode);
    const successorId = await ensureEnterprise(
      app,
      successorCode,
      SUCCESSOR,
      demoIdNumber(caseAt(SUCCESSOR.idOf).division, SUCCESSOR.idOf),
      SUCCESSOR.effectiveOn,
    );
    return existed ? [] : [successorId];
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

async function staffActor(app: INestApplicationContext, username: string): Promise<Actor> {
  const user = await app.get(UsersService).findByUsername(username);
  return user
    ? { kind: 'staff', id: user.id, name: user.displayName, roles: user.roles }
    : { kind: 'system', id: `seed:${username}`, name: `demo ${username}`, roles: [username] };
}

type DemoEnterprise = Pick<DemoCase, 'name' | 'legalRep' | 'division' | 'industry'>;

async function ensureEnterprise(
  app: INestApplicationContext,
  code: string,
  c: DemoEnterprise,
  idNumber: string,
  effectiveOn = addYears(todayInChina(), -4),
): Promise<string> {
  const enterprises = app.get(EnterprisesService);
  const found = await enterprises.resolve(code);
  if (found) return found.id;
  const seeder: Actor = { kind: 'system', id: 'seed:blacklist', name: 'demo seed', roles: ['admin'] };
  try {
    await app.get(EnterpriseRegistrar).register(seeder, {
      code,
      name: c.name,
      legalRepresentative: { name: c.legalRep, idType: 'resident_id', idNumber },
      industryCode: c.industry,
      registeredOn: '2012-05-18',
      effectiveOn,
    });
  } catch (err) {
    if (!isPgError(err, PG.uniqueViolation) && (err as { status?: number }).status !== 409) throw err;
  }
  return (await enterprises.resolve(code))!.id;
}

async function walk(app: INestApplicationContext, c: DemoCase, enterpriseId: string, officer: Actor, reviewer: Actor, secondReviewer: Actor): Promise<void> {
  const listings = app.get(ListingsService);
  const removals = app.get(RemovalsService);
  const today = todayInChina();
  const day = (offset: number) => addDays(today, offset - c.proposedDaysAgo);

  const proposed = await listings.propose(
    officer,
    {
      enterprise: enterpriseId,
      listType: 'quality_serious_dishonesty',
      reason: c.reason,
      legalBasis: LEGAL_BASIS,
      penaltyDocumentNumber: c.key,
      penaltyDecidedOn: day(-20),
      penaltyAuthority: AUTHORITY,
    },
    day(0),
  );
  const id = proposed.id;
  if (c.stage === 'proposed') return;

  await listings.notify(officer, id, {}, day(1));
  if (c.stage === 'notified') {
    await listings.recordStatement(officer, id, { kind: 'statement', summary: '企业提交书面陈述，称不合格批次已全部召回', receivedOn: day(3) }, day(3));
    return;
  }
  if (c.stage === 'deadline_passed') {
    await listings.recordStatement(officer, id, { kind: 'hearing_request', summary: '企业申请听证，听证已于期限内举行', receivedOn: day(4) }, day(4));
    return;
  }
  if (c.stage === 'dropped') {
    await listings.drop(reviewer, id, { reason: '经听证，违法行为未达到严重程度，不予列入' }, day(15));
    return;
  }

  const decidedOn = day(12);
  await app
    .get(ListingDecisions)
    .decide(reviewer, id, { decisionNumber: `厦市监列〔${decidedOn.slice(0, 4)}〕${c.key.slice(-2)}号`, decidingAuthority: AUTHORITY }, decidedOn, true);
  switch (c.stage) {
    case 'repair_pending':
      await removals.applyRepair(
        officer,
        id,
        {
          penaltiesFulfilled: true,
          harmRemedied: true,
          pledgeFiled: true,
          pledgeReference: `承诺书 ${c.key}`,
          statement: '企业已缴清罚款、完成整改并提交信用承诺书，申请提前移出',
        },
        addDays(today, -3),
      );
      return;
    case 'repaired': {
      const application = await removals.applyRepair(
        officer,
        id,
        {
          penaltiesFulfilled: true,
          harmRemedied: true,
          pledgeFiled: true,
          pledgeReference: `承诺书 ${c.key}`,
          statement: '企业已履行处罚并消除危害，申请信用修复',
        },
        addDays(today, -30),
      );
      await removals.decideRepair(reviewer, id, application.id, { approve: true }, addDays(today, -20));
      return;
    }
    case 'expired':
      await removals.expireOne(id, today);
      return;
    case 'revoked':
      // Two-person revocation (issue 13 §6): one reviewer proposes, the second approves.
      await app.get(ListingRevocations).propose(reviewer, id, '据以列入的行政处罚决定已被复议机关撤销', addDays(today, -10));
      await app.get(ListingRevocations).approve(secondReviewer, id, addDays(today, -10));
      return;
    default:
      return;
  }
}

/** The demo case at an index the seed names (SUCCESSOR.idOf). */
function caseAt(index: number): (typeof CASES)[number] {
  const found = CASES[index];
  if (!found) throw new Error(`no demo case at index ${index}`);
  return found;
}

/** A fictitious resident ID number with a valid GB 11643-1999 check character. */
function demoIdNumber(division: string, n: number): string {
  const body = `${division.slice(0, 4)}03${1970 + n}0${(n % 9) + 1}1${n % 10}${String(100 + n).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, weight, i) => acc + Number(body.charAt(i)) * weight, 0); // body has 17 digits
  return body + '10X98765432'.charAt(sum % 11);
}
