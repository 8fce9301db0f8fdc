import { orgCheckChar, seededRandom, USCC_ALPHABET, usccCheckChar } from '#qcr/identifiers';
import { divisionSeed } from '../reference-data.js';

export interface GeneratedEnterprise {
  uscc: string | null;
  orgCode: string;
  name: string;
  legalRepName: string;
  legalRepId: string;
  legalRepPhone: string;
  regionCode: string;
  industryCode: string;
  status: 'active' | 'deregistered' | 'revoked';
  address: string;
  registeredOn: string;
}

const SPACE = 31 ** 8; // organisation-code bodies over the USCC alphabet
const STRIDE = 97_654_321; // not a multiple of 31, so i ↦ offset + i·STRIDE (mod 31^8) is one-to-one

const TRADE_NAMES =
  '恒达华盛鑫源宏图瑞丰永泰金鹏嘉禾天成中联新海博远信诚明德康宁安泰荣发兴隆景福汇通正大晨光长江楚天粤海闽南皖江昆仑天山东方南方北辰星辉'.match(/../g)!;
const INDUSTRY_WORDS: Record<string, string[]> = {
  A: ['农业', '生态农业', '渔业'],
  B: ['矿业'],
  C: ['食品', '机械制造', '电子科技', '纺织', '化工', '医疗器械', '汽车零部件', '建材'],
  D: ['能源', '燃气'],
  E: ['建设工程', '建筑'],
  F: ['商贸', '贸易', '百货'],
  G: ['物流', '运输'],
  H: ['餐饮管理', '酒店管理'],
  I: ['信息技术', '软件'],
  J: ['投资'],
  K: ['置业', '房地产开发'],
  L: ['商务服务', '租赁'],
  M: ['检测技术', '科技研究'],
  N: ['环保科技', '水务'],
  O: ['家政服务', '维修服务'],
  P: ['教育咨询'],
  Q: ['健康管理'],
  R: ['文化传媒', '体育发展'],
  S: ['社会服务'],
  T: ['国际交流'],
};
const INDUSTRY_WEIGHTS = 'CCCCCCCFFFFFIIIGGEEHLMKANODBJRQPS'; // manufacturing-heavy, like a quality register
const SUFFIXES = ['有限公司', '有限公司', '有限责任公司', '股份有限公司'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红海波宁辉斌';

function encodeBody(x: number): string {
  let s = '';
  for (let i = 0; i < 8; i++) {
    s = USCC_ALPHABET[x % 31] + s;
    x = Math.floor(x / 31);
  }
  return s;
}

/** A GB 11643-style 18-digit ID number (random, check digit computed) for demo legal representatives. */
function fakeIdNumber(region: string, rand: () => number): string {
  const y = 1955 + Math.floor(rand() * 45);
  const m = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
  const d = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
  const body = `${region}${y}${m}${d}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((acc, weight, i) => acc + Number(body.charAt(i)) * weight, 0); // body has 17 digits
  return body + '10X98765432'.charAt(sum % 11);
}

/**
 * The prefectures generated enterprises are spread over: the ones the seed held before the full GB/T 2260
 * table (issue 14), so the demo data, the benchmarks and their recorded numbers stay the same for a seed.
 */
const DEMO_REGIONS = new Set([
  '320100',
  '320500',
  '330100',
  '330200',
  '340100',
  '340200',
  '340300',
  '340500',
  '350100',
  '350200',
  '350300',
  '350500',
  '350600',
  '370200',
  '410100',
  '420100',
  '420200',
  '420300',
  '420500',
  '420600',
  '420700',
  '420800',
  '420900',
  '421000',
  '421100',
  '421200',
  '421300',
  '422800',
  '430100',
  '440100',
  '440300',
  '440400',
  '440600',
  '441900',
  '510100',
  '610100',
  '650100',
  '653000',
  '653100',
]);

/**
 * Realistic demo enterprises, reproducible from the seed: valid and (within one seed)
 * unique codes, Chinese names, prefecture-level regions, GB/T 4754 sections. One in a
 * hundred predates the USCC and has only an organisation code.
 */
export function* generateEnterpriseRows(n: number, seed = 1): Generator<GeneratedEnterprise, void, undefined> {
  const rand = seededRandom(seed);
  const offset = Math.floor(rand() * SPACE);
  const regions = divisionSeed().filter((d) => DEMO_REGIONS.has(d.code));
  const pick = <T>(xs: readonly T[] | undefined): T => {
    const x = xs?.[Math.floor(rand() * xs.length)];
    if (x === undefined) throw new RangeError('nothing to pick from'); // every list here is a non-empty constant
    return x;
  };
  const pickChar = (s: string) => s.charAt(Math.floor(rand() * s.length));
  for (let i = 0; i < n; i++) {
    const body = encodeBody((offset + i * STRIDE) % SPACE);
    const orgCode = body + orgCheckChar(body);
    const region = pick(regions);
    const industryCode = pickChar(INDUSTRY_WEIGHTS);
    const usccBody = `91${region.code}${orgCode}`;
    const city = region.name.replace(/(市|地区|土家族苗族自治州|柯尔克孜自治州)$/, '');
    const year = 1990 + Math.floor(rand() * 35);
    const r = rand();
    yield {
      uscc: i % 100 === 37 ? null : usccBody + usccCheckChar(usccBody),
      orgCode,
      name: `${city}${pick(TRADE_NAMES)}${pick(TRADE_NAMES)}${pick(INDUSTRY_WORDS[industryCode])}${pick(SUFFIXES)}`,
      legalRepName: pickChar(SURNAMES) + pickChar(GIVEN) + (rand() < 0.5 ? pickChar(GIVEN) : ''),
      legalRepId: fakeIdNumber(region.code, rand),
      legalRepPhone: `1${pick(['38', '39', '58', '86', '77'])}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
      regionCode: region.code,
      industryCode,
      status: r < 0.9 ? 'active' : r < 0.97 ? 'deregistered' : 'revoked',
      address: `${region.name}${pick(TRADE_NAMES)}路${1 + Math.floor(rand() * 999)}号`,
      registeredOn: `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
    };
  }
}

/** The same rows as CSV in the import format (header + lines), for benches and import tests. */
export function* generateEnterpriseCsv(n: number, seed = 1): Generator<string> {
  yield 'uscc,org_code,name,legal_rep_name,legal_rep_id,legal_rep_phone,region_code,industry_code,status,address,registered_on\n';
  for (const r of generateEnterpriseRows(n, seed)) {
    yield (
      [
        r.uscc ?? '',
        r.uscc ? '' : r.orgCode,
        r.name,
        r.legalRepName,
        r.legalRepId,
        r.legalRepPhone,
        r.regionCode,
        r.industryCode,
        r.status,
        r.address,
        r.registeredOn,
      ].join(',') + '\n'
    );
  }
}
