import { clusterCards, runTimer, setHidden, setLocked, setProjector, setProjectorStyle, setSpotlight, unclusterCard } from '../../../src/lib/board/commands.js';
import { CardRef, ClusterCards, HideCard, Lock, ProjectorStyleSchema, ProjectorViewSchema, Spotlight, TimerCommandSchema } from '../../../src/lib/protocol/schemas.js';
import { defineAction } from './action.js';
import { tellAuthor } from './submissions.js';

export const moderationActions = {
  'card:hide': defineAction(HideCard, 'moderate', (ctx, p, origin): undefined => {
    setHidden(ctx.doc, p.cardId, p.hidden, origin);
    // An audience card's author sees it marked on her phone ("my submissions"); a panelist's own page reads the flag from the document.
    tellAuthor(ctx, p.cardId);
    return undefined;
  }),
  'card:spotlight': defineAction(Spotlight, 'moderate', (ctx, p, origin) => void setSpotlight(ctx.doc, p.cardId, origin)),
  'card:cluster': defineAction(ClusterCards, 'moderate', (ctx, p, origin) => ({
    clusterId: clusterCards(ctx.doc, p.cardIds, p.title, origin)
  })),
  'card:uncluster': defineAction(CardRef, 'moderate', (ctx, p, origin) => void unclusterCard(ctx.doc, p.cardId, origin)),
  'board:lock': defineAction(Lock, 'moderate', (ctx, p, origin) => void setLocked(ctx.doc, p.locked, origin)),
  'board:timer': defineAction(TimerCommandSchema, 'moderate', (ctx, p, origin) => void runTimer(ctx.doc, p, origin)),
  'board:projector': defineAction(ProjectorViewSchema, 'moderate', (ctx, p, origin) => void setProjector(ctx.doc, p, origin)),
  'board:projector-style': defineAction(ProjectorStyleSchema, 'moderate', (ctx, p, origin) => void setProjectorStyle(ctx.doc, p, origin))
};
