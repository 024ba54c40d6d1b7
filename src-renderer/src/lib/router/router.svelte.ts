import { parseRoute, hrefOf, type Route } from './routes';

/** The current route, kept in step with location.hash. */
class Router {
  route = $state<Route>(parseRoute(location.hash));

  constructor() {
    addEventListener('hashchange', () => (this.route = parseRoute(location.hash)));
  }

  go(route: Route): void {
    location.hash = hrefOf(route);
  }
}

export const router = new Router();
export { hrefOf, type Route };
