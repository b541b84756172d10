import { indexObjects } from './dss';

/** The definition indexObjects implements, as the regex it replaced. */
function byRegex(text: string): Map<number, number> {
  const objects = new Map<number, number>();
  for (const m of text.matchAll(/(?<![0-9])(\d{1,10})\s+\d{1,5}\s+obj\b/g)) {
    objects.set(Number(m[1]), m.index);
  }
  return objects;
}

describe('indexObjects', () => {
  it('should find the last definition of each object, as the regex did', () => {
    const text = '%PDF-1.7\n1 0 obj<<>>endobj 2 0 obj\r\n<<>>\nendobj 12  3\tobj [] endobj 1 0 obj (again) endobj';
    expect(indexObjects(text)).toEqual(byRegex(text));
    expect([...indexObjects(text)]).toEqual([
      [1, text.lastIndexOf('1 0 obj')],
      [2, text.indexOf('2 0 obj')],
      [12, text.indexOf('12  3')],
    ]);
  });

  it('should refuse what the regex refused: 11-digit numbers, 6-digit generations, no space, objects, a digit run', () => {
    for (const text of [
      '12345678901 0 obj',
      '1 123456 obj',
      '10obj',
      '1 0obj',
      '1 0 object',
      'x1 0 objy',
      '1 0 obj_',
    ]) {
      expect(indexObjects(text)).toEqual(byRegex(text));
    }
    expect(indexObjects('12345678901 0 obj').size).toBe(0);
    expect(indexObjects('1 0 obj)').get(1)).toBe(0);
  });

  it('should agree with the regex on random text made of digits, spaces and "obj"', () => {
    const parts = [
      '0',
      '1',
      '7',
      '12',
      '99999',
      '123456',
      ' ',
      '  ',
      '\n',
      '\r\n',
      '\t',
      '\u00a0',
      'obj',
      'obj',
      'x',
      '_',
      '<<',
      'endobj',
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let round = 0; round < 2000; round++) {
      const text = Array.from({ length: 40 }, () => parts[next() % parts.length]).join('');
      expect(indexObjects(text)).toEqual(byRegex(text));
    }
  });
});
