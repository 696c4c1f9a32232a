import { startTestTasklist } from './test/support';
import { request, sendRaw } from './test/rawHttp';
const app = await startTestTasklist();
const port = Number(new URL(app.url).port);
const r = await sendRaw(port, request(port, 'GET', '/api/session'));
console.log(r.status, r.headers, JSON.stringify(r.text));
await app.close();
