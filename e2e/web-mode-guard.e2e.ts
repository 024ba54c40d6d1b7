import { test, expect } from './fixtures';

test.describe('web mode guards', () => {
  test('a request without the token gets 401 and the page says what to do', async ({ planbox, playwright }) => {
    const anonymous = await playwright.request.newContext();
    const call = await anonymous.post(`${planbox.origin}/api/planList`, { data: {} });
    expect(call.status()).toBe(401);
    expect((await call.json()).error.kind).toBe('unauthorized');
    const page = await anonymous.get(`${planbox.origin}/`);
    expect(page.status()).toBe(401);
    expect(await page.text()).toContain('planbox serve');
    await anonymous.dispose();
  });

  test('a request from a foreign Origin is refused even with the token', async ({ planbox, playwright }) => {
    const context = await playwright.request.newContext({
      extraHTTPHeaders: { 'x-planbox-token': planbox.token, origin: 'https://attacker.example' },
    });
    const call = await context.post(`${planbox.origin}/api/planList`, { data: {} });
    expect(call.status()).toBe(403);
    await context.dispose();
  });

  test('the page opened from the printed URL can call the API and drops the token from the address', async ({
    page,
    planbox,
  }) => {
    expect(page.url()).not.toContain(planbox.token);
    const result = await page.evaluate(async () => {
      const response = await fetch('/api/planList', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return { status: response.status, body: (await response.json()) as unknown };
    });
    expect(result).toEqual({ status: 200, body: { result: [] } });
  });
});
