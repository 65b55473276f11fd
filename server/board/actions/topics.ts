import { addTopic, removeTopic, renameTopic } from '../../../src/lib/board/commands.js';
import { AddNamed, RenameTopic, TopicRef } from '../../../src/lib/protocol/schemas.js';
import { defineAction } from './action.js';

export const topicActions = {
  'topic:add': defineAction(AddNamed, 'moderate', (ctx, p, origin) => ({ topicId: addTopic(ctx.doc, p.title, origin) })),
  'topic:rename': defineAction(RenameTopic, 'moderate', (ctx, p, origin) => void renameTopic(ctx.doc, p.topicId, p.title, origin)),
  'topic:remove': defineAction(TopicRef, 'moderate', (ctx, p, origin) => void removeTopic(ctx.doc, p.topicId, origin))
};
