// The reference tables in docs/ and custom-elements.json (built from the element's code by
// `npm run build`) describe the same element: attributes, properties, methods and events
// (docs/attributes.md), parts, custom properties and slots (docs/styling.md). A name added,
// renamed or removed on one side only fails here.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

const manifestFile = new URL('../../custom-elements.json', import.meta.url);
const docs = {
  attributes: 'docs/attributes.md',
  styling: 'docs/styling.md',
};
const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

function loadElement() {
  assert.ok(existsSync(manifestFile), 'custom-elements.json is missing: run `npm run build` first');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const declarations = manifest.modules.flatMap((module) => module.declarations ?? []);
  const element = declarations.find((declaration) => declaration.tagName === 'hosted-auth-session');
  assert.ok(element, 'custom-elements.json declares no <hosted-auth-session>');
  return { manifest, element };
}

/** The text of the `## title` section of the document at `path`, up to the next `## ` heading. */
function section(path, title) {
  const text = read(path);
  const start = text.indexOf(`\n## ${title}\n`);
  assert.notEqual(start, -1, `${path} has no "## ${title}" section`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

/** The rows of the first Markdown table in `text` whose header starts with `firstHeader`, as cells. */
function table(text, firstHeader) {
  const lines = text.split('\n');
  const head = lines.findIndex((line) => line.startsWith(`| ${firstHeader} |`));
  assert.notEqual(head, -1, `no table headed "${firstHeader}"`);
  const rows = [];
  for (const line of lines.slice(head + 2)) {
    if (!line.startsWith('|')) break;
    // Split on `|` that is not escaped as `\|`.
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

/** The `code` spans of a cell, in order. */
function codes(cell) {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
}

const sorted = (values) => [...values].sort();

describe('the reference in docs/ and custom-elements.json agree', () => {
  const { manifest, element } = loadElement();
  const fields = element.members.filter((member) => member.kind === 'field');
  const methods = element.members.filter((member) => member.kind === 'method');
  const attributeRows = table(section(docs.attributes, 'Attributes and properties'), 'attribute').flatMap(
    ([attributes, properties, type]) => {
      const props = codes(properties);
      const attrs = attributes === '—' ? props.map(() => undefined) : codes(attributes);
      assert.equal(
        attrs.length,
        props.length,
        `${docs.attributes} row "${attributes} | ${properties}" pairs attributes with properties`,
      );
      return props.map((property, index) => ({
        attribute: attrs[index],
        property,
        readOnly: properties.includes('(read-only)'),
        type,
      }));
    },
  );

  test('the manifest is the shipped one: dist/index.js defines the element', () => {
    const module = manifest.modules.find((candidate) => candidate.declarations?.includes(element));
    assert.equal(module.path, 'dist/index.js');
    assert.ok(
      module.exports.some(
        (entry) => entry.kind === 'custom-element-definition' && entry.name === 'hosted-auth-session',
      ),
    );
    assert.ok(
      element.members.every((member) => (member.privacy ?? 'public') === 'public'),
      'no private members',
    );
  });

  test('every documented attribute is an attribute of the element, and the other way round', () => {
    const documented = attributeRows.filter((row) => row.attribute && !row.readOnly);
    assert.deepEqual(
      sorted(documented.map((row) => `${row.attribute} ↔ ${row.property}`)),
      sorted(element.attributes.map((attribute) => `${attribute.name} ↔ ${attribute.fieldName}`)),
    );
  });

  test('every documented property is a public field of the element, and the other way round', () => {
    assert.deepEqual(sorted(attributeRows.map((row) => row.property)), sorted(fields.map((field) => field.name)));
    for (const row of attributeRows) {
      const field = fields.find((candidate) => candidate.name === row.property);
      const hasAttribute = element.attributes.some((attribute) => attribute.fieldName === row.property);
      if (row.readOnly) {
        assert.equal(field.readonly, true, `${row.property} is read-only in the manifest`);
        assert.match(
          field.description ?? '',
          /reflected/i,
          `${row.property}: the reference names a reflected attribute`,
        );
      } else {
        assert.equal(hasAttribute, row.attribute !== undefined, `${row.property}: attribute or property-only`);
      }
    }
  });

  test("every property's default in the manifest is the one the reference gives", () => {
    for (const row of attributeRows) {
      const field = fields.find((candidate) => candidate.name === row.property);
      const value = String(field.default ?? '').replace(/^'(.*)'$/, '$1');
      if (['', 'false', '{}'].includes(value)) continue;
      const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      assert.match(
        row.type,
        new RegExp(`(^|[^\\w.-])${escaped}($|[^\\w.-])`),
        `${docs.attributes} gives "${row.type}" for ${row.property}; the manifest's default is ${field.default}`,
      );
    }
  });

  test("the manifest's defaults are the element's own (Lit constructs it in Node)", async () => {
    const { HostedAuthSession } = await import('hosted-auth-session');
    const fresh = new HostedAuthSession();
    for (const field of fields) {
      if (field.default === undefined) continue;
      // Defaults are source text: 'a string', a number, a boolean or {}.
      const expected = JSON.parse(field.default.replace(/^'(.*)'$/, (_, text) => JSON.stringify(text)));
      assert.deepEqual(fresh[field.name], expected, `${field.name}: manifest default ${field.default}`);
    }
  });

  test('the methods the reference names are the public methods of the element', () => {
    const text = section(docs.attributes, 'Attributes and properties');
    const line = text.split('\n\n').find((paragraph) => paragraph.startsWith('Methods:'));
    assert.ok(line, `${docs.attributes} has a "Methods:" paragraph`);
    const named = [...line.matchAll(/`(\w+)\(\)?[^`]*`/g)].map((match) => match[1]);
    assert.deepEqual(sorted(new Set(named)), sorted(methods.map((method) => method.name)));
  });

  test('the events table lists the events the element fires', () => {
    const names = table(section(docs.attributes, 'Events'), 'event').map(([event]) => codes(event)[0]);
    assert.deepEqual(sorted(names), sorted(element.events.map((event) => event.name)));
    for (const event of element.events) {
      assert.match(event.type?.text ?? '', /^CustomEvent<Session\w+Detail>$/, `${event.name} has a typed detail`);
    }
  });

  test('the parts table lists the parts of the element', () => {
    const names = table(section(docs.styling, 'Styling'), 'part').flatMap(([part]) => codes(part));
    assert.deepEqual(sorted(names), sorted(element.cssParts.map((part) => part.name)));
  });

  test('the custom properties table lists the custom properties, with the same defaults', () => {
    const rows = table(section(docs.styling, 'Styling'), 'custom property');
    assert.deepEqual(
      sorted(rows.flatMap(([name]) => codes(name))),
      sorted(element.cssProperties.map((property) => property.name)),
    );
    for (const [name, defaults] of rows) {
      for (const [index, property] of codes(name).entries()) {
        const declared = element.cssProperties.find((candidate) => candidate.name === property);
        // A row for two properties gives their defaults as `a` / `b`, in order.
        const value = codes(defaults)[codes(name).length > 1 ? index : 0];
        assert.ok(
          declared.description.includes(`\`${value}\``),
          `${property}: ${docs.styling} default \`${value}\`, manifest "${declared.description}"`,
        );
      }
    }
  });

  test('the slots the reference names are the slots of the element', () => {
    const text = section(docs.styling, 'Styling');
    const unnamed = element.slots.filter((slot) => slot.name === '');
    assert.equal(unnamed.length, 1);
    assert.match(text, /The default slot is the button's label/);
    assert.deepEqual(
      element.slots.filter((slot) => slot.name !== '').map((slot) => slot.name),
      [],
      `named slots need an entry in ${docs.styling}`,
    );
  });
});
