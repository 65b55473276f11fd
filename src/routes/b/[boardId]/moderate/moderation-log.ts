/**
 * The moderation log's CSV export. Like every HTTP API of the board, it takes the moderator's
 * token as `t` (see outputsUrls in $lib/protocol/outputs.ts).
 */
export const moderationLogUrl = (boardId: string, token: string): string =>
  `/api/boards/${encodeURIComponent(boardId)}/moderation-log?${new URLSearchParams({ format: 'csv', t: token })}`;
