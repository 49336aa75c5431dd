// The GraphQL documents the suites send again and again; a suite that checks a mutation's
// answers in detail writes its own document instead.

/** Creates an instance; answers its global id. */
export const CREATE_INSTANCE = `mutation($name: String!, $subDomain: String!) {
  createInstance(input: {name: $name, subDomain: $subDomain}) { __typename ... on MutationCreateInstanceSuccess { data { id } } ... on Error { message } }
}`;

/** Spawns a deployment; answers its global id and its app servers' ids. */
export const SPAWN_APP_SERVER = `mutation($id: ID!, $options: SpawnAppServerOptions) {
  spawnAppServer(instanceId: $id, options: $options) { __typename ... on MutationSpawnAppServerSuccess { data { id appServers { id } } } ... on Error { message } }
}`;

export const TERMINATE_APP_SERVER = `mutation($id: ID!) { terminateAppServer(id: $id) { __typename } }`;

export const CANCEL_DEPLOYMENT = `mutation($id: ID!) { cancelDeployment(id: $id) { __typename } }`;

export const ARCHIVE_INSTANCE = `mutation($id: ID!) { archiveInstance(id: $id) { __typename } }`;
