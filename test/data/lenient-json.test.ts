import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { elementEnd, JsonSyntaxError, parseLenient } from '../../server/src/data/lenient-json';

test('parseLenient reads what JSON.parse reads, to the same value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      assert.deepEqual(parseLenient(text), JSON.parse(text));
    }),
  );
});

test('parseLenient rejects what JSON.parse rejects, apart from NaN and Infinity tokens', () => {
  const piece = fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '1', '-', '0.5e', 'true', 'nul', ' ', '"\\u12"', '"\\q"');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
      const text = pieces.join('');
      let expected = true;
      try {
        JSON.parse(text);
      } catch {
        expected = false;
      }
      let actual = true;
      try {
        parseLenient(text);
      } catch (err) {
        assert.ok(err instanceof JsonSyntaxError);
        actual = false;
      }
      assert.equal(actual, expected, text);
    }),
  );
});

test('parseLenient takes the NaN, Infinity and -Infinity that Python writes', () => {
  assert.deepEqual(parseLenient('{"a": [NaN, Infinity, -Infinity, 1]}'), { a: [NaN, Infinity, -Infinity, 1] });
  assert.throws(() => parseLenient('NaNx'), JsonSyntaxError);
  assert.throws(() => parseLenient('+Infinity'), JsonSyntaxError);
});

test('a syntax error says where, and in which field', () => {
  try {
    parseLenient('{"info": {"room": hall}}');
    assert.fail('no error');
  } catch (err) {
    assert.ok(err instanceof JsonSyntaxError);
    assert.equal(err.offset, 18);
    assert.equal(err.field, 'info.room');
    assert.equal(err.message, "expected a value, found 'h'");
  }
});

test('deep nesting is an error, not a crash', () => {
  assert.throws(() => parseLenient('['.repeat(100_000)), /nested deeper than 1000 levels/);
});

test('elementEnd finds the end of a broken array element, skipping strings', () => {
  const text = '[{"a": "x]},", "b": [1,, 2]}, {"c": 3}]';
  assert.equal(text[elementEnd(text, 1)], ',');
  assert.equal(elementEnd(text, 1), text.indexOf('}, {') + 1);
  assert.equal(elementEnd('[{"a": [}', 1), -1);
});
