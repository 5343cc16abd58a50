/**
 * `homegrown-ai` — Huawei, Honor and vivo launch strong home-grown
 * assistants while Apple waits. Shows the phone shares and the device
 * makers' own assistants over time.
 *
 * Run: npm run example -- homegrown-ai [--runs 1000] [--seed 7] [--horizon 24]
 */
import { checkpoints, printPath, runBundled } from './_summary.js';

const result = await runBundled('homegrown-ai');
const H = result.horizon;

console.log('\nPhone sales share every six months');
printPath(result, 'phones', 'share', ['apple', 'huawei', 'honor', 'vivo'], checkpoints(H));
console.log('\nThe device makers\' own assistants: usage share');
printPath(result, 'assistants', 'share', ['huawei', 'honor', 'vivo'], checkpoints(H));
console.log('\nAI capability of the phones (Apple has none it may ship in China)');
printPath(result, 'phones', 'aiCapability', ['apple', 'huawei', 'honor', 'vivo'], checkpoints(H, 12), (x) => x.toFixed(2));
