// Creates an instance, spawns an app server, prints its log live and activates it once Running.
//
//   IM_URL=http://localhost:5000 IM_TOKEN=im_... npx tsx client/sdk/examples/spawn-and-tail.ts [name] [subdomain]
//
// Name and subdomain also come from IM_INSTANCE_NAME / IM_SUBDOMAIN; the default subdomain is random.
// Exits 0 after printing the LMS URL, 1 with the error message on any failure.
import { randomBytes } from 'node:crypto';
import { ActivateAppServer, CreateInstance, SdkError, SpawnAppServer, createClient, ok } from '../index.js';

const subDomain = process.argv[3] ?? process.env.IM_SUBDOMAIN ?? `sdk-${randomBytes(4).toString('hex')}`;
const name = process.argv[2] ?? process.env.IM_INSTANCE_NAME ?? `SDK example ${subDomain}`;
const im = createClient({ url: process.env.IM_URL ?? 'http://localhost:5000', token: process.env.IM_TOKEN });

try {
  const instance = ok((await im.request(CreateInstance, { input: { name, subDomain } })).createInstance);
  const deployment = ok((await im.request(SpawnAppServer, { instanceId: instance.id })).spawnAppServer);
  const [appServer] = deployment.appServers;
  console.log(`created ${instance.name} (${instance.id}); spawning ${appServer.name} (${appServer.id})`);
  im.tailLogs(appServer.id, (line) => console.log(`${line.createdAt} ${line.level.padEnd(7)} ${line.text}`));
  const done = await im.waitForAppServer(appServer.id, (a) => a.isSteady && a.status !== 'NEW');
  if (done.status !== 'RUNNING') throw new Error(`${done.name} ended ${done.status}: ${done.failureReason ?? 'no reason given'}`);
  const active = ok((await im.request(ActivateAppServer, { id: appServer.id })).activateAppServer);
  console.log(`activated ${active.name}\nLMS: ${instance.urls.lms}`);
  await im.close();
  process.exit(0);
} catch (error) {
  console.error(`error${error instanceof SdkError ? ` (${error.code})` : ''}: ${(error as Error).message}`);
  await im.close();
  process.exit(1);
}
