import { assertRouteIsGuarded } from '../../api/http/router';
import { defineRoute, ok } from '../../api/http/route';
import { IdParams } from '../../domain/reference-data';
import { allRoutes } from '../../api/routes';

const handler = async () => ok({});

describe('the router refuses routes that do not say who may call them', () => {
  it('refuses a route without a policy', () => {
    const route = defineRoute({ method: 'get', path: '/api/things', summary: 'List things', tags: [], responses: {}, handler } as never);
    expect(() => assertRouteIsGuarded(route)).toThrow(/declares no policy/);
  });

  it('refuses a route with an empty role list', () => {
    const route = defineRoute({
      method: 'get',
      path: '/api/things',
      summary: 'List things',
      tags: [],
      policy: { roles: [] },
      responses: {},
      handler,
    });
    expect(() => assertRouteIsGuarded(route)).toThrow(/declares no policy/);
  });

  it('refuses a route with path parameters but no object-level scope check', () => {
    const route = defineRoute({
      method: 'get',
      path: '/api/things/:id',
      summary: 'Get a thing',
      tags: [],
      policy: { roles: ['admin'] },
      params: IdParams,
      responses: {},
      handler,
    });
    expect(() => assertRouteIsGuarded(route)).toThrow(/no scope check/);
  });

  it('accepts every route the API serves', () => {
    for (const route of allRoutes) expect(() => assertRouteIsGuarded(route)).not.toThrow();
  });
});
