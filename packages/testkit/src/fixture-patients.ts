/**
 * Synthetic patients of the fixture corpus, one per character set hospitals use. Names are invented; the
 * Japanese and Korean ones are the examples of PS3.5 Annexes H and I, encoded byte for byte as there.
 */
export interface FixturePatient {
  readonly key: string;
  readonly characterSet: string;
  /** Person Name as encoded in its character set. */
  readonly name: Buffer;
  /** Components of the name as encoded (each searched for separately in outputs). */
  readonly nameParts: readonly Buffer[];
  readonly id: string;
  readonly birthDate: string;
  /** Free text in the patient's character set that embeds the name and the ID. */
  readonly description: Buffer;
  readonly sex: string;
}

const ESC = '\x1b';
const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');
const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

// PS3.5 H.3.1: Yamada^Tarou=山田^太郎=やまだ^たろう in ISO 2022 IR 87 (JIS X 0208 after ESC $ B).
const YAMADA_IDEOGRAPHIC = Buffer.concat([latin1(`${ESC}$B`), hex('3b33 4544'), latin1(`${ESC}(B`)]);
const TAROU_IDEOGRAPHIC = Buffer.concat([latin1(`${ESC}$B`), hex('4240 4f3a'), latin1(`${ESC}(B`)]);
const YAMADA_PHONETIC = Buffer.concat([latin1(`${ESC}$B`), hex('2464 245e 2440'), latin1(`${ESC}(B`)]);
const TAROU_PHONETIC = Buffer.concat([latin1(`${ESC}$B`), hex('243f 246d 2426'), latin1(`${ESC}(B`)]);
const YAMADA = Buffer.concat([
  latin1('Yamada^Tarou='), YAMADA_IDEOGRAPHIC, latin1('^'), TAROU_IDEOGRAPHIC, latin1('='), YAMADA_PHONETIC, latin1('^'), TAROU_PHONETIC,
]);

// PS3.5 I.2: Hong^Gildong=洪^吉洞=홍^길동 in ISO 2022 IR 149 (KS X 1001 in G1 after ESC $ ) C).
const KSC = latin1(`${ESC}$)C`);
const HONG_HANJA = Buffer.concat([KSC, hex('fbf3')]);
const GILDONG_HANJA = Buffer.concat([KSC, hex('d1ce d4d7')]);
const HONG_HANGUL = Buffer.concat([KSC, hex('c8ab')]);
const GILDONG_HANGUL = Buffer.concat([KSC, hex('b1e6 b5bf')]);
const HONG = Buffer.concat([latin1('Hong^Gildong='), HONG_HANJA, latin1('^'), GILDONG_HANJA, latin1('='), HONG_HANGUL, latin1('^'), GILDONG_HANGUL]);

export const FIXTURE_PATIENTS: readonly FixturePatient[] = [
  {
    key: 'garcia', characterSet: 'ISO_IR 100', name: latin1('GARCÍA PUJOL^MARÍA NÚRIA'),
    nameParts: [latin1('GARCÍA PUJOL'), latin1('MARÍA NÚRIA')], id: 'HCB-100234', birthDate: '19580312',
    description: latin1('TC TÒRAX GARCÍA PUJOL MARÍA NÚRIA HCB-100234'), sex: 'F',
  },
  {
    key: 'yamada', characterSet: '\\ISO 2022 IR 87', name: YAMADA,
    nameParts: [latin1('Yamada'), latin1('Tarou'), YAMADA_IDEOGRAPHIC, TAROU_IDEOGRAPHIC, YAMADA_PHONETIC, TAROU_PHONETIC],
    id: 'JP-7781-22', birthDate: '19710824', description: Buffer.concat([latin1('MR BRAIN Yamada JP-7781-22')]), sex: 'M',
  },
  {
    key: 'hong', characterSet: '\\ISO 2022 IR 149', name: HONG,
    nameParts: [latin1('Hong'), latin1('Gildong'), HONG_HANJA, GILDONG_HANJA, HONG_HANGUL, GILDONG_HANGUL],
    id: 'KR-55190', birthDate: '19660203', description: latin1('US ABDOMEN Gildong KR-55190'), sex: 'M',
  },
  {
    key: 'muller', characterSet: 'ISO_IR 192', name: utf8('MÜLLER-SCHÖN^JOSÉ ÅKE'),
    nameParts: [utf8('MÜLLER-SCHÖN'), utf8('JOSÉ ÅKE')], id: 'DE-0099812', birthDate: '19490927',
    description: utf8('CT ABDOMEN MÜLLER-SCHÖN DE-0099812 – Nachsorge'), sex: 'M',
  },
  {
    key: 'smith', characterSet: '', name: latin1('SMITHERSON^JOHNATHAN^Q'),
    nameParts: [latin1('SMITHERSON'), latin1('JOHNATHAN')], id: 'UK-4471-0039', birthDate: '19620517',
    description: latin1('CT CHEST SMITHERSON UK-4471-0039'), sex: 'M',
  },
];
