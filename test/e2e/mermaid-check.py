#!/usr/bin/env python3
"""mermaid-check.py - a syntax check of the Mermaid erDiagram revgen writes.

Mermaid's renderer needs a browser, which the tests cannot install; this
is the part of Mermaid's own grammar (packages/mermaid/src/diagrams/er/
parser/erDiagram.jison: its lexer rules, tried in order, case-insensitive,
and the productions for entities, attributes and relationships) that
revgen's output uses, so that a name or a type that would end a word, read
as a key or leave a block open fails here.  Reads the diagram from a file
(or stdin), or the ```mermaid blocks of a Markdown file with --markdown;
prints what it read (entities, attributes, relationships) and exits 1 at
the first error, naming the line.
"""
import re
import sys

I = re.IGNORECASE
# the lexer's rules outside a block, in the grammar's order (those of the
# statements revgen never writes are left out: they cannot match first
# on what revgen writes but for the ones kept here)
OUTER = [
    (re.compile(r'.*direction\s+(TB|BT|RL|LR)[^\n]*', I), 'DIRECTION'),
    (re.compile(r'[ \t\r]+'), None),
    (re.compile(r'\n+'), 'NEWLINE'),
    (re.compile(r'"[^"%\r\n\v\b\\]+"'), 'ENTITY_NAME'),
    (re.compile(r'"[^"]*"'), 'WORD'),
    (re.compile(r'erDiagram', I), 'ER_DIAGRAM'),
    (re.compile(r'\{'), 'BLOCK_START'),
    (re.compile(r':::'), 'STYLE_SEPARATOR'),
    (re.compile(r':'), 'COLON'),
    (re.compile(r'\|o'), 'CARD'),
    (re.compile(r'\}o'), 'CARD'),
    (re.compile(r'\}\|'), 'CARD'),
    (re.compile(r'\|\|'), 'CARD'),
    (re.compile(r'o\|'), 'CARD'),
    (re.compile(r'o\{'), 'CARD'),
    (re.compile(r'\|\{'), 'CARD'),
    (re.compile(r'\.\.|--|\.-|-\.'), 'REL'),
    (re.compile(r'([^\x00-\x7F]|\w|-|\*|\.)+'), 'UNICODE_TEXT'),
    (re.compile(r'.'), 'CHAR'),
]
BLOCK = [
    (re.compile(r'\s+'), None),
    (re.compile(r'\b((?:PK)|(?:FK)|(?:UK))\b', I), 'ATTRIBUTE_KEY'),
    (re.compile(r'([^\s]*)[~].*[~]([^\s]*)'), 'ATTRIBUTE_WORD'),
    (re.compile(r'[\*A-Za-z_\u00C0-\uFFFF][A-Za-z0-9\-_\[\]\(\)\.,\u00C0-\uFFFF\*]*'),
     'ATTRIBUTE_WORD'),
    (re.compile(r'`[^`]+`'), 'ATTRIBUTE_WORD'),
    (re.compile(r'"[^"]*"'), 'COMMENT'),
    (re.compile(r'\}'), 'BLOCK_STOP'),
    (re.compile(r'.'), 'CHAR'),
]


def tokens(text):
    pos, block = 0, False
    while pos < len(text):
        for rx, kind in (BLOCK if block else OUTER):
            m = rx.match(text, pos)
            if m and m.end() > pos:
                break
        else:
            raise SyntaxError('no token at %r' % text[pos:pos + 20])
        line = text.count('\n', 0, pos) + 1
        pos = m.end()
        if kind == 'BLOCK_START':
            block = True
        elif kind == 'BLOCK_STOP':
            block = False
        if kind:
            yield kind, m.group(0), line
    yield 'EOF', '', text.count('\n') + 1


def check(text):
    toks = list(tokens(text))
    i = 0

    def take(*kinds):
        nonlocal i
        kind, val, line = toks[i]
        if kind not in kinds:
            raise SyntaxError('line %d: expected %s, found %s %r' %
                              (line, ' or '.join(kinds), kind, val))
        i += 1
        return val

    entities, attributes, relations = set(), 0, 0
    take('ER_DIAGRAM')
    while toks[i][0] != 'EOF':
        if toks[i][0] == 'NEWLINE':
            i += 1
            continue
        name = take('ENTITY_NAME', 'UNICODE_TEXT')
        entities.add(name.strip('"'))
        if toks[i][0] == 'BLOCK_START':
            i += 1
            while toks[i][0] != 'BLOCK_STOP':
                take('ATTRIBUTE_WORD')      # the type
                take('ATTRIBUTE_WORD')      # the name
                if toks[i][0] == 'ATTRIBUTE_KEY':
                    i += 1
                    while toks[i][1] == ',':
                        i += 1
                        take('ATTRIBUTE_KEY')
                if toks[i][0] == 'COMMENT':
                    i += 1
                attributes += 1
            take('BLOCK_STOP')
        elif toks[i][0] == 'CARD':
            i += 1
            take('REL')
            take('CARD')
            entities.add(take('ENTITY_NAME', 'UNICODE_TEXT').strip('"'))
            take('COLON')
            take('WORD', 'ENTITY_NAME', 'UNICODE_TEXT')
            relations += 1
        if toks[i][0] != 'EOF':
            take('NEWLINE')
    return entities, attributes, relations


def main():
    args = sys.argv[1:]
    markdown = '--markdown' in args
    args = [a for a in args if a != '--markdown']
    text = open(args[0], encoding='utf-8').read() if args else sys.stdin.read()
    diagrams = (re.findall(r'^(`{3,})mermaid\n(.*?)\n\1$', text, re.S | re.M)
                if markdown else [('', text)])
    if not diagrams:
        print('mermaid-check: no ```mermaid block', file=sys.stderr)
        return 1
    for _, d in diagrams:
        try:
            entities, attributes, relations = check(d)
        except SyntaxError as e:
            print('mermaid-check: %s' % e, file=sys.stderr)
            return 1
        print('entities: %s' % ', '.join(sorted(entities)))
        print('attributes: %d, relationships: %d' % (attributes, relations))
    return 0


if __name__ == '__main__':
    sys.exit(main())
