import { Progress, progressBar } from '../../apps/cli/src/progress.js';

describe('CLI progress bar', () => {
  it('draws the fraction done, clamped to 0–100 %', () => {
    expect(progressBar(0, 10)).toBe('[----------]   0%');
    expect(progressBar(0.46, 10)).toBe('[#####-----]  46%');
    expect(progressBar(1.7, 10)).toBe('[##########] 100%');
    expect(progressBar(Number.NaN, 4)).toBe('[----]   0%');
  });

  it('prints at most one plain line per 10 % when the output is not a terminal', () => {
    const written: string[] = [];
    const out = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const p = new Progress('rows', out);
    for (let i = 1; i <= 100; i++) p.update(i / 100, i * 10);
    p.done();
    expect(written).toHaveLength(11); // 0 %, 10 %, …, 100 %
    expect(written[10]).toMatch(/^\[#{28}\] 100% 1,000 rows \(/);
  });
});
