// keyboard.mjs: move through a page the way a keyboard user does.

/** Describe the focused element, for failure messages. */
export function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    if (!a || a === document.body) return '<body> (nothing focused)';
    return a.outerHTML.replace(/\s+/g, ' ').slice(0, 160);
  });
}

// Elements that took keyboard focus without a visible indicator, per page.
const unseen = new WeakMap();

/** Focused elements seen so far on this page with no outline or box-shadow (WCAG 2.4.7). */
export function invisibleFocus(page) {
  return [...(unseen.get(page) || [])];
}

/**
 * Press Tab (or Shift+Tab) until the focused element matches selector.
 * Returns the number of presses. Fails naming the page, the target and where
 * focus went, so a broken tab order or a missing element is easy to find.
 */
export async function tabTo(page, selector, { max = 120, back = false } = {}) {
  const seen = [];
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const { hit, visible, html } = await page.evaluate((sel) => {
      const a = document.activeElement;
      if (!a || a === document.body) return { hit: false, visible: true };
      const cs = getComputedStyle(a);
      const visible = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
      return { hit: a.matches(sel), visible, html: a.outerHTML.replace(/\s+/g, ' ').slice(0, 160) };
    }, selector);
    if (!visible) {
      if (!unseen.has(page)) unseen.set(page, new Set());
      unseen.get(page).add(`${page.url()}: ${html}`);
    }
    if (hit) return i;
    if (seen.length < 200) seen.push(await focused(page));
  }
  throw new Error(`keyboard: ${max} × ${back ? 'Shift+Tab' : 'Tab'} on ${page.url()} never focused ${selector}; ` +
    `focus went through:\n  ${seen.slice(0, 40).join('\n  ')}`);
}

/** Press Enter on the focused link and wait until its target has loaded. */
export async function follow(page) {
  const href = await page.evaluate(() => document.activeElement && document.activeElement.href);
  if (!href) throw new Error(`keyboard: Enter pressed on ${await focused(page)}, which is not a link`);
  await Promise.all([page.waitForURL(href), page.keyboard.press('Enter')]);
  await page.waitForLoadState('load');
  return href;
}
