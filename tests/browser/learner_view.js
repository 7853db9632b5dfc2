// What tests/test_browser.py measures in the page: only what the course draws (cell outputs),
// never JupyterLab's own chrome. Loaded with page.add_script_tag, after axe-core where it is installed.
window.purgelibView = (() => {
  const EXPLORER = '.purgelib-explorer';
  const QUIZ = '.purgelib-selfcheck';
  const POPUP = '.jp-Notification-Toast, .Toastify__toast, .jp-Dialog';

  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';

  // Top-level outputs of the open notebook; an Output widget inside an explorer is part of its explorer.
  const outputs = () => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')]
    .filter((el) => !el.parentElement.closest('.jp-OutputArea-output'));

  const inOutputs = (selector) => outputs().flatMap((out) => [...out.querySelectorAll(selector)]);

  const kindOf = (el) => {
    const kinds = el.className.split(/\s+/).filter((c) => c.startsWith('purgelib-') && c !== 'purgelib-explorer');
    return kinds[0] || el.className;
  };

  // Where an element is, in words an engineer can find: the widget of the course around it and its text.
  // textContent, not innerText: a cell scrolled far away is not rendered, and has no innerText.
  const where = (el) => {
    if (el.matches('.jp-Cell')) return 'a notebook cell';
    const owner = el.closest(EXPLORER) || el.closest(QUIZ) || el.closest('[class*="purgelib-"]');
    const byId = (ids) => (ids || '').split(/\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
    const label = el.getAttribute('aria-label') || byId(el.getAttribute('aria-labelledby')) || [...(el.labels || [])].map((l) => l.textContent).join(' ')
      || el.closest('.widget-inline-hbox, .widget-inline-vbox')?.querySelector(':scope > .widget-label')?.textContent || '';
    const shown = el.tagName === 'SELECT' ? [...el.selectedOptions].map((o) => o.text).join('; ')
      : el.matches('input[type=checkbox], input[type=radio]') ? (el.checked ? 'checked' : 'not checked')
        : el.getAttribute('aria-valuetext') || el.textContent.trim() || el.value || el.outerHTML;
    const text = shown.trim().replace(/\s+/g, ' ').slice(0, 60);
    return `${owner ? kindOf(owner) : 'output'} ${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''}`
      + `${label ? ` "${label.trim().slice(0, 40)}"` : ''}: "${text}"`;
  };

  // Painted boxes of a radio option: its text lines and its button. Label boxes can overlap
  // without overlapping paint (and the reverse), so compare the painted rectangles.
  const paintedBoxes = (label) => {
    const range = document.createRange();
    range.selectNodeContents(label);
    return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  };
  const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;

  // A quiz's options: radio labels, or the course's option buttons (purgelib.quiz.Choices).
  const optionGroups = () => [
    ...inOutputs('.widget-radio-box').map((box) => [...box.querySelectorAll('label')]),
    ...inOutputs('.purgelib-choices').map((box) => [...box.querySelectorAll('.purgelib-option')]),
  ];
  const overlappingOptions = () => {
    const pairs = [];
    optionGroups().forEach((labels) => {
      // A button's own box counts as painted too; text cut off inside it is a defect of its own.
      const boxes = labels.map((el) => (el.tagName === 'BUTTON' ? [el.getBoundingClientRect(), ...paintedBoxes(el)] : paintedBoxes(el)));
      labels.forEach((el) => {
        if (el.tagName === 'BUTTON' && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)) {
          pairs.push(`"${el.textContent.trim().slice(0, 40)}" is cut off`);
        }
      });
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) {
          if (boxes[i].some((a) => boxes[j].some((b) => hit(a, b)))) {
            pairs.push(`"${labels[i].textContent.trim().slice(0, 40)}" / "${labels[j].textContent.trim().slice(0, 40)}"`);
          }
        }
      }
    });
    return pairs;
  };

  const measure = () => ({
    explorers: inOutputs(EXPLORER).map((el) => ({ kind: kindOf(el), height: Math.round(el.getBoundingClientRect().height) })),
    quizzes: inOutputs(QUIZ).length,
    options: optionGroups().reduce((count, group) => count + group.length, 0),
    overlaps: overlappingOptions(),
    overflow: inOutputs('.jp-OutputArea-output').concat(outputs())
      .filter((el) => visible(el) && el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${where(el.querySelector('[class*="purgelib-"]') || el)} is ${el.scrollWidth} px wide in ${el.clientWidth} px`),
    truncated: inOutputs('.widget-label')
      .filter((el) => visible(el) && el.scrollWidth > el.clientWidth + 1)
      .map((el) => `"${el.textContent}" needs ${el.scrollWidth} px, has ${el.clientWidth} px`),
  });

  const popups = () => [...document.querySelectorAll(POPUP)].filter(visible).map((el) => el.innerText.trim().replace(/\s+/g, ' ').slice(0, 120));

  // Everything Tab can stop at: natively focusable or given a tabindex, shown and enabled.
  const focusables = (root) => [...root.querySelectorAll('*')].filter((el) => el.tabIndex >= 0 && !el.disabled && visible(el));

  // The accessible name as a screen reader computes it (axe-core's implementation of accname).
  const unnamedControls = () => {
    axe.setup(document);
    try {
      return outputs().flatMap(focusables).filter((el) => !axe.commons.text.accessibleText(el).trim()).map(where);
    } finally {
      axe.teardown();
    }
  };

  // A chart's text alternative: the label of its drawing (Vega puts the spec's description in the
  // aria-label of the role=graphics-document element: the .vega-embed itself, or the wrapper inside
  // it when vega-embed draws its menu) or an image's alt text.
  const charts = () => {
    axe.setup(document);
    try {
      const named = (el) => axe.commons.text.accessibleText(el).trim();
      const drawing = (chart) => [chart, ...chart.querySelectorAll('[role="graphics-document"], [role="img"], svg')];
      return [
        ...inOutputs('.vega-embed').map((chart) => ({ where: where(chart), name: drawing(chart).map(named).find(Boolean) || '' })),
        ...inOutputs('img').map((img) => ({ where: where(img), name: named(img) })),
      ];
    } finally {
      axe.teardown();
    }
  };

  // Every explorer that draws a chart also shows the same data as a table with a caption.
  const explorersWithoutTable = () => inOutputs(EXPLORER)
    .filter((el) => el.querySelector('.vega-embed') && ![...el.querySelectorAll('table')].some((t) => t.caption && t.caption.textContent.trim()))
    .map(kindOf);

  const runAxe = async () => {
    // JupyterLab's <body> is 0 px high with overflow hidden (the shell inside is positioned
    // absolutely); axe takes that as clipping every output and would skip their colours. Give the
    // body the window's height while axe runs: nothing on screen moves.
    const height = document.body.style.height;
    document.body.style.height = '100vh';
    let result;
    try {
      result = await axe.run(outputs(), {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations', 'incomplete', 'passes'],
      });
    } finally {
      document.body.style.height = height;
    }
    const brief = (rule) => ({
      id: rule.id, impact: rule.impact, help: rule.help,
      nodes: rule.nodes.map((node) => ({ target: node.target.join(' '), where: where(document.querySelector(node.target.join(' ')) || document.body), html: node.html.slice(0, 200), summary: node.failureSummary })),
    });
    // How many texts had their contrast worked out: a check that saw nothing would pass too.
    const contrastChecked = [...result.passes, ...result.violations].filter((rule) => rule.id === 'color-contrast').reduce((n, rule) => n + rule.nodes.length, 0);
    return { violations: result.violations.map(brief), incomplete: result.incomplete.map(brief), contrastChecked };
  };

  // What the learner sees of an explorer: its texts (the HTML widgets, and the table and detail drawn
  // in its view, an Output widget) and its chart's pixels (or message).
  const snapshot = (root) => {
    const chart = root.querySelector('.vega-embed');
    const canvas = chart && chart.querySelector('canvas');
    return {
      text: [...root.querySelectorAll('.widget-html-content, .jp-RenderedHTML')].map((el) => el.textContent).join('\n'),
      chart: canvas ? canvas.toDataURL() : (chart ? chart.innerHTML : ''),
      message: [...root.querySelectorAll('.purgelib-message')].map((el) => el.textContent).join(' '),
    };
  };

  // The explorer being driven by keyboard, and its tab stops (kept between page.evaluate calls).
  let current = null;
  let stops = [];
  // Controls whose keys (arrows, Space) JupyterLab could take for its own, to move between cells.
  const keyedKind = (el) => {
    if (el.tagName === 'SELECT') return 'list';
    if (el.getAttribute('role') === 'slider') return 'slider';
    return el.matches('input[type=checkbox]') ? 'checkbox' : '';
  };
  const valueOf = (el) => {
    if (el.tagName === 'SELECT') return [...el.selectedOptions].map((o) => o.value).join('|');
    if (el.matches('input[type=checkbox]')) return String(el.checked);
    return el.getAttribute('aria-valuenow') ?? el.value ?? '';
  };
  const select = (index) => {
    current = inOutputs(EXPLORER)[index];
    stops = focusables(current);
    return { kind: kindOf(current), stops: stops.map((el) => ({ where: where(el), keyed: keyedKind(el) })) };
  };
  const enter = () => {
    stops[0].scrollIntoView({ block: 'center' });
    stops[0].focus();
    return document.activeElement === stops[0];
  };
  // Where the focus is: a tab stop's index (-1 elsewhere in the explorer), or null outside it.
  const focus = () => {
    const active = document.activeElement;
    if (!current.contains(active)) return null;
    return { stop: stops.indexOf(active), where: where(active), value: valueOf(active) };
  };
  const focusMatches = (selector, text) => current.contains(document.activeElement) && document.activeElement.matches(selector)
    && document.activeElement.textContent.toLowerCase().includes(text.toLowerCase());
  // In a list whose last option is chosen, ArrowDown can change nothing: a learner goes up instead.
  const arrowFor = (key) => {
    const el = document.activeElement;
    const last = el.tagName === 'SELECT' && el.options.length > 0 && el.options[el.options.length - 1].selected;
    return key === 'ArrowDown' && last ? 'ArrowUp' : key;
  };
  const changed = (before) => JSON.stringify(snapshot(current)) !== JSON.stringify(before);
  const outside = () => where(document.activeElement);

  return {
    measure, popups, unnamedControls, charts, explorersWithoutTable, runAxe,
    snapshot: () => snapshot(current), select, enter, focus, focusMatches, arrowFor, changed, outside,
  };
})();
