/** Risk levels from least to most dangerous; the order of this list is the order of severity. */
export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export function riskRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

export function maxRisk(levels: Iterable<RiskLevel>): RiskLevel {
  let highest: RiskLevel = 'LOW';
  for (const level of levels) if (riskRank(level) > riskRank(highest)) highest = level;
  return highest;
}

export function isRiskAtMost(level: RiskLevel, ceiling: RiskLevel): boolean {
  return riskRank(level) <= riskRank(ceiling);
}
