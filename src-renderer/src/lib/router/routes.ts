/**
 * The app's places, as hash routes (#/plans/abc/steps/s1), so a reload or a bookmark lands on the
 * same view in the desktop app (app://) and in web mode alike.
 */
export type Route =
  | { name: 'plans' }
  | { name: 'plan'; plan: string }
  | { name: 'step'; plan: string; step: string }
  | { name: 'checkpoints'; plan: string }
  | { name: 'apply'; plan: string }
  | { name: 'history'; plan: string }
  | { name: 'audit' }
  | { name: 'settings' }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/plans';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, plan, sub, step] = parts;
  if (first === 'plans' && !plan) return { name: 'plans' };
  if (first === 'plans' && plan) {
    if (!sub) return { name: 'plan', plan };
    if (sub === 'steps' && step) return { name: 'step', plan, step };
    if (sub === 'checkpoints' || sub === 'apply' || sub === 'history') return { name: sub, plan };
  }
  if (first === 'audit' && parts.length === 1) return { name: 'audit' };
  if (first === 'settings' && parts.length === 1) return { name: 'settings' };
  return { name: 'not-found', path };
}

export function hrefOf(route: Route): string {
  const e = encodeURIComponent;
  switch (route.name) {
    case 'plans':
      return '#/plans';
    case 'plan':
      return `#/plans/${e(route.plan)}`;
    case 'step':
      return `#/plans/${e(route.plan)}/steps/${e(route.step)}`;
    case 'checkpoints':
    case 'apply':
    case 'history':
      return `#/plans/${e(route.plan)}/${route.name}`;
    case 'audit':
      return '#/audit';
    case 'settings':
      return '#/settings';
    case 'not-found':
      return `#${route.path}`;
  }
}
