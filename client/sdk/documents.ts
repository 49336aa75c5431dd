// Typed documents for the common operations. `graphql()` comes from the codegen client preset
// (client/sdk/gql, generated from schema.graphql): each call below is typed by its string.
import { graphql } from './gql/index.js';

export const Viewer = graphql(`
  query SdkViewer {
    viewer { id username isSuperuser }
  }
`);

export const CreateInstance = graphql(`
  mutation SdkCreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {
    createInstance(input: $input, deploy: $deploy) {
      __typename
      ... on Error { message }
      ... on ValidationError { field }
      ... on MutationCreateInstanceSuccess {
        data { id name subDomain urls { lms studio preview } }
      }
    }
  }
`);

export const SpawnAppServer = graphql(`
  mutation SdkSpawnAppServer($instanceId: ID!, $options: SpawnAppServerOptions) {
    spawnAppServer(instanceId: $instanceId, options: $options) {
      __typename
      ... on Error { message }
      ... on ValidationError { field }
      ... on InvalidStateError { currentState }
      ... on MutationSpawnAppServerSuccess {
        data { id status type appServers { id name status } }
      }
    }
  }
`);

export const ActivateAppServer = graphql(`
  mutation SdkActivateAppServer($id: ID!, $force: Boolean) {
    activateAppServer(id: $id, force: $force) {
      __typename
      ... on Error { message }
      ... on InvalidStateError { currentState }
      ... on MutationActivateAppServerSuccess {
        data { id name status active lastActivatedAt }
      }
    }
  }
`);

export const Instance = graphql(`
  query SdkInstance($id: ID!) {
    instance(id: $id) {
      id name subDomain isArchived
      urls { lms studio preview }
      activeAppServers { id name status }
      newestAppServer { id name status isSteady }
    }
  }
`);

export const AppServer = graphql(`
  query SdkAppServer($id: ID!) {
    appServer(id: $id) {
      ...SdkAppServerState
    }
  }
`);

export const AppServerState = graphql(`
  fragment SdkAppServerState on AppServer {
    id name status isSteady isHealthy active currentStep failureReason url
    instance { id }
    deployment { id deploymentStatus: status }
  }
`);

export const LogLines = graphql(`
  subscription SdkLogLines($target: ID!, $afterId: String) {
    logLines(target: $target, afterId: $afterId) { id level text createdAt }
  }
`);

export const InstanceEvents = graphql(`
  subscription SdkInstanceEvents($instanceId: ID) {
    instanceEvents(instanceId: $instanceId) {
      kind
      node {
        id
        ... on AppServer { ...SdkAppServerState }
        ... on Deployment { deploymentStatus: status failureReason }
      }
    }
  }
`);

export const TerminateAppServer = graphql(`
  mutation SdkTerminateAppServer($id: ID!) {
    terminateAppServer(id: $id) {
      __typename
      ... on Error { message }
      ... on InvalidStateError { currentState }
      ... on MutationTerminateAppServerSuccess {
        data { id name status pendingOperation }
      }
    }
  }
`);
