// `prestart`: build once on a fresh clone, so `npm install && npm start` just works.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const missing = ['build/handler.js', 'dist/server/main.js'].filter((file) => !existsSync(file));
if (missing.length > 0) {
  console.log(`[ensure-build] missing ${missing.join(', ')}: running npm run build`);
  execSync('npm run build', { stdio: 'inherit' });
}
