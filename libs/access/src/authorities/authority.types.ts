import type { AuthorityLevel } from '#qcr/platform';

export interface Authority {
  id: string;
  code: string;
  name: string;
  level: AuthorityLevel;
  regionCode: string;
  parentId: string | null;
  parentCode: string | null;
  active: boolean;
}

export interface AuthorityLevelSetting {
  level: AuthorityLevel;
  name: { zh: string; en: string };
  /** 报经上一级同意: a listing decision of this level waits for the upper level's consent before publication */
  upperConsentRequired: boolean;
}

export interface AuthorityInput {
  code: string;
  name: string;
  level: AuthorityLevel;
  regionCode: string;
  /** code of the parent authority, one level up; none for the national authority */
  parent?: string | null;
}

/** An authority's part in a listing decision (AuthoritiesService.decisionSettingsSql), keyed by its id. */
export interface DecisionSetting {
  parentId: string | null;
  /** its level's 报经上一级同意 setting */
  consentRequired: boolean;
}
