/** The three answers a reviewer can give, for the whole plan or for chosen steps. */
export type Decision = 'approved' | 'rejected' | 'changes_requested';

export const DECISIONS: Record<Decision, { verb: string; needsComment: boolean; tone: string }> = {
  approved: { verb: 'Approve', needsComment: false, tone: 'primary' },
  rejected: { verb: 'Reject', needsComment: true, tone: 'danger' },
  changes_requested: { verb: 'Request changes', needsComment: true, tone: '' },
};
