import { randomOrgCode, randomUscc } from '#qcr/identifiers';

const HAN = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土';

/** A name fragment no other test (or the demo seed) will produce. */
export function uniqueHan(length = 6): string {
  let s = '';
  for (let i = 0; i < length; i++) s += HAN[Math.floor(Math.random() * HAN.length)];
  return s;
}

export const freshUscc = (division = '350200') => randomUscc(Math.random, { division });
export const freshOrgCode = () => randomOrgCode();

export function enterpriseBody(code: string, overrides: Record<string, unknown> = {}) {
  return {
    code,
    name: `厦门${uniqueHan()}食品有限公司`,
    legalRepresentative: { name: '张三', idNumber: '350203199001011234', phone: '13812345678' },
    regionCode: '350200',
    industryCode: 'C',
    ...overrides,
  };
}
