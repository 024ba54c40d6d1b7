/**
 * `npm run bench -- NAME`: runs bench/NAME.bench.ts, prints its figures as JSON and keeps a copy
 * in bench/results/NAME.json. Benchmarks measure; they never pass or fail on a number.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const available = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''));
const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (NAME: ${available.join(', ')})`);
  process.exit(2);
}
const { run } = (await import(`./${name}.bench.ts`)) as { run: (log: (line: string) => void) => Promise<unknown> };
const log = (line: string) => process.stderr.write(`${line}\n`);
const startedAt = new Date().toISOString();
const figures = await run(log);
const report = {
  benchmark: name,
  startedAt,
  node: process.version,
  machine: { cpus: (await import('node:os')).cpus().length },
  figures,
};
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(join(import.meta.dirname, 'results', `${name}.json`), JSON.stringify(report, null, 2) + '\n');
console.log(JSON.stringify(report, null, 2));
