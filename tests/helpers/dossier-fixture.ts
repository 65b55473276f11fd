/**
 * A board for the dossier tests (issue 21): Brno, Plzeň and Praha 14 share a cluster (with a
 * hidden Praha 7 card in it), Brno has a hidden card, a redacted card, a comment and a hidden
 * one; Plzeň has a voted card in a topic Brno never posted in; audience questions are addressed
 * to Brno, asked in a Brno topic, and asked elsewhere. Written through the board commands.
 */
import * as Y from 'yjs';
import { readContent } from '../../src/lib/board/content.js';
import { addCard, clusterCards, initBoard, LOCAL, readBoard, setHidden, toggleVote } from '../../src/lib/board/index.js';
import { redactCard } from '../../src/lib/board/redaction.js';
import { applyContent } from '../../src/lib/board/restore.js';
import { boardSetup } from '../../src/lib/board/templates.js';
import type { CardKind } from '../../src/lib/board/types.js';
import type { ExportInput } from '../../server/outputs/exports/context.js';

export const D = {
  brnoA: 'BRNO-A Kurzy češtiny pro dospělé nestačí',
  brnoB: 'BRNO-B Chybí startovací byty',
  brnoHidden: 'BRNO-HIDDEN skrytá karta',
  brnoRedactedOld: 'BRNO-SECRET telefon 777 123 456',
  brnoRedactedNew: 'BRNO-R Kontakt na koordinátora (upraveno)',
  plzenA: 'PLZEN-A Jazykové kurzy jen dopoledne',
  praha14A: 'PRAHA14-A Čeština pro rodiče',
  praha7Hidden: 'PRAHA7-HIDDEN skrytá karta ve skupině',
  plzenElsewhere: 'PLZEN-ELSEWHERE Uznávání kvalifikací trvá rok',
  questionToBrno: 'QUESTION-TO-BRNO Kolik míst v kurzech přibude?',
  questionInTopic: 'QUESTION-IN-TOPIC Kdo platí kauce?',
  questionElsewhere: 'QUESTION-ELSEWHERE Jak funguje pracovní povolení?',
  comment: 'COMMENT-VISIBLE Totéž vidíme v Plzni',
  hiddenComment: 'COMMENT-HIDDEN nevhodný komentář',
  cluster: 'Čeština pro dospělé',
  /** A cluster of Brno's cards only: shared with nobody. */
  ownCluster: 'BRNO-ONLY Bydlení v Brně',
  author: 'Eva Dvořáková'
} as const;

/** Writes the dossier board into `doc` (an integration board: orgs 0 Brno, 1 Plzeň, 3 Praha 7, 4 Praha 14). */
export function seedDossierBoard(doc: Y.Doc): { brno: string; plzen: string; praha14: string; praha7: string } {
  const s = readBoard(doc);
  const [brno, plzen, praha7, praha14] = [s.orgs[0].id, s.orgs[1].id, s.orgs[3].id, s.orgs[4].id];
  const [t0, t1, t2, t3] = s.topics.map((tp) => tp.id);
  let at = 1000;
  const add = (text: string, kind: CardKind, orgId: string | null, topicId: string) =>
    addCard(doc, { kind, text, orgId, author: D.author, authorKey: 'k-author', topicId }, LOCAL, (at += 10));
  const ids = {
    brnoA: add(D.brnoA, 'weakness', brno, t0),
    brnoB: add(D.brnoB, 'proposal', brno, t1),
    brnoHidden: add(D.brnoHidden, 'weakness', brno, t0),
    brnoRedacted: add(D.brnoRedactedOld, 'good-practice', brno, t1),
    plzenA: add(D.plzenA, 'pitfall', plzen, t0),
    praha14A: add(D.praha14A, 'weakness', praha14, t0),
    praha7Hidden: add(D.praha7Hidden, 'weakness', praha7, t0),
    plzenElsewhere: add(D.plzenElsewhere, 'weakness', plzen, t2),
    questionToBrno: add(D.questionToBrno, 'question', brno, t3),
    questionInTopic: add(D.questionInTopic, 'question', null, t1),
    questionElsewhere: add(D.questionElsewhere, 'question', null, t2)
  };
  toggleVote(doc, ids.brnoHidden, 'v4', LOCAL);
  setHidden(doc, ids.brnoHidden, true, LOCAL);
  clusterCards(doc, [ids.brnoA, ids.plzenA, ids.praha14A, ids.praha7Hidden], D.cluster, LOCAL);
  setHidden(doc, ids.praha7Hidden, true, LOCAL);
  clusterCards(doc, [ids.brnoB, ids.brnoRedacted], D.ownCluster, LOCAL);
  redactCard(doc, ids.brnoRedacted, D.brnoRedactedNew, LOCAL);
  for (const v of ['v1', 'v2']) toggleVote(doc, ids.brnoA, v, LOCAL);
  for (const v of ['v1', 'v2', 'v3']) toggleVote(doc, ids.plzenElsewhere, v, LOCAL);
  toggleVote(doc, ids.plzenA, 'v3', LOCAL);
  const comment = (id: string, text: string, hidden: boolean) => ({ id, cardId: ids.brnoA, text, author: D.author, nameConsent: true, orgId: plzen, createdAt: 9000, hidden });
  applyContent(doc, { ...readContent(doc), comments: [comment('c1', D.comment, false), comment('c2', D.hiddenComment, true)] }, LOCAL);
  return { brno, plzen, praha14, praha7 };
}

export function dossierInput(lang: 'cs' | 'en' = 'en'): { input: ExportInput; orgs: ReturnType<typeof seedDossierBoard> } {
  const doc = new Y.Doc();
  initBoard(doc, boardSetup('integration', 'cs', 'Výzvy integrace 2026'), LOCAL);
  const orgs = seedDossierBoard(doc);
  const board = { id: 'board1', kind: 'main' as const, title: 'Výzvy integrace 2026' };
  const input: ExportInput = {
    event: { id: 'event1', title: 'Výzvy integrace 2026', date: '2026-11-27', place: 'Nová radnice, Praha' },
    board,
    boards: [board],
    content: readContent(doc),
    lang,
    exportedAt: Date.UTC(2026, 10, 27, 12),
    full: true
  };
  return { input, orgs };
}
