// The Node binary that serves the demo site: the one running this process (Node 24 from node_modules).
export const process = globalThis.process;
