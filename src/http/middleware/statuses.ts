/**
 * Which error statuses a middleware can answer, recorded on the middleware
 * itself so the OpenAPI document can be checked against what routes really
 * do (test/http/openapi-statuses.test.ts walks the app's handlers).
 */
const marks = new WeakMap<object, readonly number[]>();

export function answers<T extends object>(middleware: T, ...statuses: number[]): T {
  marks.set(middleware, [...(marks.get(middleware) ?? []), ...statuses]);
  return middleware;
}

export function statusesOf(handler: object): readonly number[] {
  return marks.get(handler) ?? [];
}
