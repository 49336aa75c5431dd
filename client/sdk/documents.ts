// Typed documents for the common operations. `graphql()` comes from the codegen client preset
// (client/sdk/gql, generated from schema.graphql): each call below is typed by its string.
import { graphql } from './gql/index.js';

export const Viewer = graphql(`
  query SdkViewer {
    viewer {
      id
      username
      isSuperuser
    }
  }
`);

export const InstanceSettings = graphql(`
  fragment SdkInstanceSettings on Instance {
    id
    name
    subDomain
    baseDomain
    profile
    recipe
    email
    openedxRelease
    configurationSourceRepoUrl
    configurationVersion
    configurationExtraSettings
    edxPlatformRepositoryUrl
    edxPlatformCommit
    databaseMode
    databaseName
    appServerCount
    flavor
    image
    sshKeyName
    additionalSecurityGroups
    externalLmsDomain
    externalStudioDomain
    externalPreviewDomain
    monitoringEmails
    provisioningFailureEmails
    urls {
      lms
      studio
      preview
    }
  }
`);

/** `deploy: true` also spawns the first deployment (activated once healthy) in the same transaction. */
export const CreateInstance = graphql(`
  mutation SdkCreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {
    createInstance(input: $input, deploy: $deploy) {
      __typename
      ... on Error {
        message
      }
      ... on ValidationError {
        field
      }
      ... on MutationCreateInstanceSuccess {
        data {
          ...SdkInstanceSettings
          deployments(first: 1) {
            edges {
              node {
                id
                status
                queuePosition
              }
            }
          }
        }
      }
    }
  }
`);

/** Only the fields given change; external domains reach the load balancer at once, the rest the next spawn. */
export const UpdateInstance = graphql(`
  mutation SdkUpdateInstance($id: ID!, $patch: UpdateInstanceInput!) {
    updateInstance(id: $id, patch: $patch) {
      __typename
      ... on Error {
        message
      }
      ... on ValidationError {
        field
      }
      ... on InvalidStateError {
        currentState
      }
      ... on MutationUpdateInstanceSuccess {
        data {
          ...SdkInstanceSettings
          drift {
            fields
            commitChanged
          }
        }
      }
    }
  }
`);

/** What a new instance gets for the fields left out, per profile. */
export const Defaults = graphql(`
  query SdkDefaults($profile: InstanceProfile) {
    defaults(profile: $profile) {
      profile
      baseDomain
      recipe
      email
      openedxRelease
      configurationSourceRepoUrl
      configurationVersion
      edxPlatformRepositoryUrl
      edxPlatformCommit
      databaseMode
      appServerCount
      flavor
      image
      lmsPreviewDomainPrefix
      studioDomainPrefix
    }
  }
`);

export const SpawnAppServer = graphql(`
  mutation SdkSpawnAppServer($instanceId: ID!, $options: SpawnAppServerOptions) {
    spawnAppServer(instanceId: $instanceId, options: $options) {
      __typename
      ... on Error {
        message
      }
      ... on ValidationError {
        field
      }
      ... on InvalidStateError {
        currentState
      }
      ... on MutationSpawnAppServerSuccess {
        data {
          id
          status
          type
          queuePosition
          appServers {
            id
            name
            status
          }
        }
      }
    }
  }
`);

export const ActivateAppServer = graphql(`
  mutation SdkActivateAppServer($id: ID!, $force: Boolean) {
    activateAppServer(id: $id, force: $force) {
      __typename
      ... on Error {
        message
      }
      ... on InvalidStateError {
        currentState
      }
      ... on MutationActivateAppServerSuccess {
        data {
          id
          name
          status
          active
          lastActivatedAt
        }
      }
    }
  }
`);

export const Instance = graphql(`
  query SdkInstance($id: ID!) {
    instance(id: $id) {
      ...SdkInstanceSettings
      isArchived
      drift {
        fields
        commitChanged
        appServer {
          id
          name
        }
      }
      activeAppServers {
        id
        name
        status
      }
      newestAppServer {
        id
        name
        status
        isSteady
      }
    }
  }
`);

/** An app server's pipeline steps, the configuration it was built from and its settings with secrets as ***. */
export const AppServerDetails = graphql(`
  query SdkAppServerDetails($id: ID!) {
    appServer(id: $id) {
      id
      name
      status
      steps {
        name
        attempt
        status
        startedAt
        finishedAt
        durationSeconds
        error
      }
      snapshot {
        name
        internalLmsDomain
        internalStudioDomain
        internalPreviewDomain
        profile
        recipe
        email
        openedxRelease
        configurationSourceRepoUrl
        configurationVersion
        configurationExtraSettings
        edxPlatformRepositoryUrl
        edxPlatformCommit
        edxPlatformSha
        databaseMode
        flavor
        image
        sshKeyName
        additionalSecurityGroups
        grantedGithubLogins
      }
      settingsRedacted
    }
  }
`);

export const Deployment = graphql(`
  query SdkDeployment($id: ID!) {
    node(id: $id) {
      id
      ... on Deployment {
        type
        status
        queuePosition
        targetCount
        numAttempts
        activateOnSuccess
        failureReason
        createdAt
        startedAt
        finishedAt
        appServers {
          id
          name
          status
        }
      }
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
    id
    name
    status
    isSteady
    isHealthy
    active
    currentStep
    failureReason
    url
    instance {
      id
    }
    deployment {
      id
      deploymentStatus: status
    }
  }
`);

export const LogLines = graphql(`
  subscription SdkLogLines($target: ID!, $afterId: String) {
    logLines(target: $target, afterId: $afterId) {
      id
      level
      text
      createdAt
    }
  }
`);

export const InstanceEvents = graphql(`
  subscription SdkInstanceEvents($instanceId: ID) {
    instanceEvents(instanceId: $instanceId) {
      kind
      node {
        id
        ... on AppServer {
          ...SdkAppServerState
        }
        ... on Deployment {
          deploymentStatus: status
          failureReason
        }
      }
    }
  }
`);

export const TerminateAppServer = graphql(`
  mutation SdkTerminateAppServer($id: ID!) {
    terminateAppServer(id: $id) {
      __typename
      ... on Error {
        message
      }
      ... on InvalidStateError {
        currentState
      }
      ... on MutationTerminateAppServerSuccess {
        data {
          id
          name
          status
          pendingOperation
        }
      }
    }
  }
`);
