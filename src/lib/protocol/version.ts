/** Bumped whenever the socket.io events or the document layout change incompatibly. */
export const PROTOCOL_VERSION = 1;
