/**
 * @lib/web-routes — the web app's addresses, the one table both sides use: apps/web mounts its screens at these
 * paths (apps/web/src/routes.tsx is keyed by these names, so a screen without an entry here does not compile),
 * and the server builds every link it sends (reminder mails, in-app notifications, calendar entries) with
 * `webLink`. Pure and dependency-free, so the browser bundle can import it too.
 */

/** Every screen of the web app: its path (`:name` segments are parameters) and the query it understands. */
export const WEB_ROUTES = {
  login: { path: '/login', query: [] },
  password: { path: '/password', query: [] },
  /** A new account's first sign-in: the invitation mail's link (the token rides in the fragment, never sent to a server). */
  invitation: { path: '/invitation', query: [] },
  publicRankings: { path: '/public/rankings', query: [] },
  /** The unit's own self-assessment sheet in the chosen campaign. */
  sheet: { path: '/sheet', query: ['campaign'] },
  /** The unit's clarification requests in the chosen campaign; `request` opens one (the link a notice carries). */
  clarifications: { path: '/clarifications', query: ['campaign', 'request'] },
  inbox: { path: '/inbox', query: ['campaign'] },
  task: { path: '/inbox/tasks/:id', query: [] },
  dashboard: { path: '/dashboard', query: ['campaign'] },
  publication: { path: '/publication', query: ['campaign'] },
  campaigns: { path: '/campaigns', query: [] },
  /** The wizard that creates a campaign; `from` copies one to the next year (before `campaign`: matchWebRoute takes the first path that fits). */
  campaignNew: { path: '/campaigns/new', query: ['from'] },
  campaign: { path: '/campaigns/:id', query: [] },
  users: { path: '/users', query: [] },
  /** The authority's organisations and assessed units (codes, names, aliases, unit groups, predecessors). */
  organisations: { path: '/organisations', query: [] },
  criteria: { path: '/criteria', query: [] },
  /** Small fixes to one stored version of a criteria set (saved as the next version). */
  criteriaSet: { path: '/criteria/:id', query: [] },
  /** `unit` opens its group's table with its row marked (the dashboard's "Ai đang chậm?" links). */
  consolidation: { path: '/consolidation', query: ['campaign', 'unit'] },
  reminders: { path: '/reminders', query: ['campaign'] },
  council: { path: '/council', query: ['campaign'] },
  /** The platform administrators' list of authorities (tenants) and the form that creates one with its admin. */
  authorities: { path: '/platform/authorities', query: [] },
  /** The secretariat's security log: sign-ins, lockouts, account changes, downloads. */
  securityLog: { path: '/security-log', query: [] },
} as const;

export type WebRouteName = keyof typeof WEB_ROUTES;

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** The path parameters a route needs (`{ id }` for `/inbox/tasks/:id`). */
export type WebRouteParams<N extends WebRouteName> = Record<
  ParamNames<(typeof WEB_ROUTES)[N]['path']>,
  string | number
>;

/** The query parameters a route understands. */
export type WebRouteQuery<N extends WebRouteName> = Partial<
  Record<(typeof WEB_ROUTES)[N]['query'][number], string | number>
>;

/** `/inbox/tasks/42`, `/sheet?campaign=3` — a path of the web app, parameters filled and encoded. */
export function webPath<N extends WebRouteName>(
  name: N,
  params: WebRouteParams<N>,
  query: WebRouteQuery<N> = {},
): string {
  const values = params as Record<string, string | number>;
  const path = WEB_ROUTES[name].path.replace(/:(\w+)/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) {
      throw new Error(`webPath(${name}): missing parameter ${key}`);
    }
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams(
    Object.entries(query as Record<string, string | number | undefined>)
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return search ? `${path}?${search}` : path;
}

/** An absolute link for a mail or a notification: `publicUrl` (no trailing slash needed) + `webPath`. */
export function webLink<N extends WebRouteName>(
  publicUrl: string,
  name: N,
  params: WebRouteParams<N>,
  query: WebRouteQuery<N> = {},
): string {
  return `${publicUrl.replace(/\/+$/, '')}${webPath(name, params, query)}`;
}

/**
 * Which screen a path of the web app opens, with its parameters, or null for an address the app does not know
 * (it would show "not found"). Query keys outside the route's list are reported as unknown.
 */
export function matchWebRoute(
  pathAndQuery: string,
): { name: WebRouteName; params: Record<string, string>; unknownQuery: string[] } | null {
  const url = new URL(pathAndQuery, 'http://web.invalid');
  for (const [name, route] of Object.entries(WEB_ROUTES) as Array<[WebRouteName, (typeof WEB_ROUTES)[WebRouteName]]>) {
    const keys: string[] = [];
    const pattern = new RegExp(
      `^${route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, key: string) => {
        keys.push(key);
        return '([^/]+)';
      })}/?$`,
    );
    const match = pattern.exec(url.pathname);
    if (match) {
      const known: readonly string[] = route.query;
      return {
        name,
        params: Object.fromEntries(keys.map((k, i) => [k, decodeURIComponent(match[i + 1])])),
        unknownQuery: [...url.searchParams.keys()].filter((k) => !known.includes(k)),
      };
    }
  }
  return null;
}

export { MIN_SEGMENT_PERCENT, timelineGeometry, type TimelineGeometry, type TimelinePhase } from './timeline';
