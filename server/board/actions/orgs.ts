import { addOrg, removeOrg, renameOrg } from '../../../src/lib/board/commands.js';
import { AddNamed, OrgRef, RenameOrg } from '../../../src/lib/protocol/schemas.js';
import { defineAction } from './action.js';

export const orgActions = {
  'org:add': defineAction(AddNamed, 'moderate', (ctx, p, origin) => ({ orgId: addOrg(ctx.doc, p.title, origin) })),
  'org:rename': defineAction(RenameOrg, 'moderate', (ctx, p, origin) => void renameOrg(ctx.doc, p.orgId, p.title, origin)),
  'org:remove': defineAction(OrgRef, 'moderate', (ctx, p, origin) => void removeOrg(ctx.doc, p.orgId, origin))
};
