/** Questions from the hall for the demo board (Q&A), in the shape of INTEGRATION_EXAMPLES: kind, org, topic, Czech, English. */
import type { INTEGRATION_EXAMPLES } from '../src/lib/board/index.js';

export const QUESTION_EXAMPLES: ReadonlyArray<(typeof INTEGRATION_EXAMPLES)[number]> = [
  ['question', 0, 0, 'Kdy město otevře další kurzy češtiny pro dospělé?', 'When will the city open more Czech courses for adults?'],
  ['question', 1, 1, 'Kdo zaplatí tlumočníky ve školách, když projekt skončí?', 'Who pays for interpreters in schools once the project ends?'],
  ['question', 2, 2, 'Jak se mohou cizinci zapojit do participativního rozpočtu své čtvrti?', 'How can foreigners take part in their district’s participatory budget?'],
  ['question', 3, 0, 'Plánujete jednotné kontaktní místo pro cizince na magistrátu?', 'Do you plan a single contact point for foreigners at City Hall?'],
  ['question', 4, 1, 'Proč nejsou informace o zápisu do škol i v ukrajinštině a vietnamštině?', 'Why is school enrolment information not in Ukrainian and Vietnamese too?'],
  ['question', 5, 2, 'Jak měříte, jestli adaptační kurzy opravdu pomáhají?', 'How do you measure whether the adaptation courses really help?'],
  ['question', 0, 1, 'Může se Brno podělit o zkušenosti s komunitními tlumočníky?', 'Can Brno share its experience with community interpreters?'],
  ['question', 1, 2, 'Co dělat, když úřad odmítne jednat bez tlumočníka?', 'What to do when an office refuses to deal without an interpreter?']
];
