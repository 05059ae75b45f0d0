import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readTrajectory, type ReadItem } from '../../server/src/data/read';
import { CsvRowParser } from '../../server/src/data/csv-row';
import { cellValue } from '../../server/src/data/csv-cell';
import { collect, tempDir } from './temp-files';

function summary(items: readonly ReadItem[]): string[] {
  return items.map((it) =>
    it.kind === 'record'
      ? `record ${it.record.line} ${JSON.stringify(it.record.value)}`
      : it.kind === 'skipped' ? `skipped ${it.count}` : `problem ${it.problem.line} [${it.problem.field}] ${it.problem.message}${it.skipped ? ' (skipped)' : ''}`,
  );
}

async function readCsvText(text: string): Promise<string[]> {
  const t = tempDir();
  try {
    return summary(await collect(readTrajectory(t.write('t.csv', text))));
  } finally {
    t.remove();
  }
}

test('CSV: header names are field paths, turned into nested records', async () => {
  assert.deepEqual(await readCsvText('obs[0],obs[1],info.room,info.pos[0],x\n1,2,hall,7,8\n'), [
    'record 2 {"obs":[1,2],"info":{"room":"hall","pos":[7]},"x":8}',
  ]);
});

test('CSV: an empty cell is a missing field; a cell that reads as a number is a number, any other a string', async () => {
  assert.deepEqual(await readCsvText('a,b,c,d,e\n1.5,,-2e3,abc,0x10\n,.5, 7 ,007,1.2.3\n'), [
    'record 2 {"a":1.5,"c":-2000,"d":"abc","e":"0x10"}',
    'record 3 {"b":0.5,"c":7,"d":7,"e":"1.2.3"}',
  ]);
});

test("CSV: Python's nan, inf and -inf read as non-finite numbers", () => {
  assert.ok(Number.isNaN(cellValue('nan')));
  assert.equal(cellValue('inf'), Infinity);
  assert.equal(cellValue('-inf'), -Infinity);
  assert.equal(cellValue('-Infinity'), -Infinity);
  assert.equal(cellValue('infinite'), 'infinite');
});

test('CSV: RFC 4180 quoting: commas, doubled quotes, line breaks inside quotes; the record keeps its first line', async () => {
  const text = 'id,note,x\n1,"a, b",2\n2,"say ""hi""",3\n3,"two\nlines\r\nhere",4\n4,plain,5\n';
  assert.deepEqual(await readCsvText(text), [
    'record 2 {"id":1,"note":"a, b","x":2}',
    'record 3 {"id":2,"note":"say \\"hi\\"","x":3}',
    'record 4 {"id":3,"note":"two\\nlines\\nhere","x":4}',
    'record 7 {"id":4,"note":"plain","x":5}',
  ]);
});

test('CSV: a quoted number is still a number, a quoted header still a path', async () => {
  assert.deepEqual(await readCsvText('"obs[0]","info.room"\n"3","hall"\n'), ['record 2 {"obs":[3],"info":{"room":"hall"}}']);
});

test('CSV: a quote that never closes costs its row; the rows after it are still read', async () => {
  assert.deepEqual(await readCsvText('a,b\n1,"oops\n2,3\n4,5\n'), [
    'problem 2 [] unterminated quoted cell: a `"` opens a cell that never closes; the row is skipped (skipped)',
    'record 3 {"a":2,"b":3}',
    'record 4 {"a":4,"b":5}',
  ]);
});

test('CSV: a `labels` cell is a string of one-character names, or names separated by `|`', async () => {
  assert.deepEqual(await readCsvText('x,labels\n1,ab\n2,coffee|mail\n3,\n4,a|\n5,1\n'), [
    'record 2 {"x":1,"labels":"ab"}',
    'record 3 {"x":2,"labels":["coffee","mail"]}',
    'record 4 {"x":3}',
    'record 5 {"x":4,"labels":["a"]}',
    'record 6 {"x":5,"labels":"1"}',
  ]);
});

test('CSV: `terminated`/`truncated` cells read true/false in any case and 1/0 as booleans', async () => {
  assert.deepEqual(await readCsvText('x,terminated,truncated\n1,false,0\n2,True,\n3,1,FALSE\n4,maybe,\n'), [
    'record 2 {"x":1,"terminated":false,"truncated":false}',
    'record 3 {"x":2,"terminated":true}',
    'record 4 {"x":3,"terminated":true,"truncated":false}',
    'record 5 {"x":4,"terminated":"maybe"}',
  ]);
});

test('CSV: BOM, CRLF and blank lines are accepted', async () => {
  assert.deepEqual(await readCsvText('\uFEFFa,b\r\n\r\n1,2\r\n  \r\n3,4\r\n'), ['record 3 {"a":1,"b":2}', 'record 5 {"a":3,"b":4}']);
});

test('CSV: a row with more cells than the header is malformed; a shorter row has missing fields', async () => {
  assert.deepEqual(await readCsvText('a,b\n1,2,3\n4\n5,6,\n'), [
    'problem 2 [] malformed row: 3 cells, but the header names 2 columns (skipped)',
    'record 3 {"a":4}',
    'record 4 {"a":5,"b":6}',
  ]);
});

test('CSV: colliding header columns are reported once and ignored', async () => {
  assert.deepEqual(
    (await readCsvText('obs,obs[0],x,x,info.a,info[0]\n1,2,3,4,5,6\n')).map((s) => s.replace(/\] this column.*ignored/, '] collides')),
    ['problem 1 [obs[0]] collides', 'problem 1 [x] collides', 'problem 1 [info[0]] collides', 'record 2 {"obs":1,"x":3,"info":{"a":5}}'],
  );
});

test('CSV: a header name that is not a path is a plain key; `__proto__` never reaches a prototype', async () => {
  const lines = await readCsvText('x pos,__proto__.polluted\n1,2\n');
  assert.deepEqual(lines, ['record 2 {"x pos":1,"__proto__":{"polluted":2}}']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('CSV: an empty file, or a header alone, is the problem `empty trajectory` on line 1', async () => {
  assert.deepEqual(await readCsvText(''), ['problem 1 [] empty trajectory']);
  assert.deepEqual(await readCsvText('a,b\n\n'), ['problem 1 [] empty trajectory']);
});

/** Writes cells as RFC 4180 does: quoted when they hold a comma, a quote or a line break. */
function writeRow(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

test('CsvRowParser reads back any row an RFC 4180 writer writes, fed a line at a time', () => {
  const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é') });
  fc.assert(
    fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (cells) => {
      const parser = new CsvRowParser();
      const lines = writeRow(cells).split('\n');
      let row: string[] | undefined;
      lines.forEach((line, i) => {
        row = parser.push(line);
        assert.equal(row === undefined, i < lines.length - 1, 'the row ends on its last line only');
      });
      assert.deepEqual(row, cells);
    }),
  );
});
