#!/usr/bin/env python3
# Turns a text file into a C string constant, so that the built-in revision
# template is the very file templates/revision.sql.tmpl (meson runs this).
import sys

name, src, dst = sys.argv[1:4]
data = open(src, 'rb').read()
with open(dst, 'w') as f:
    f.write('/* generated from %s by scripts/embed.py */\n' % src.split('/')[-1])
    f.write('extern const char %s[];\n' % name)
    f.write('const char %s[] = {\n' % name)
    for i in range(0, len(data), 16):
        f.write('  ' + ', '.join('0x%02x' % b for b in data[i:i + 16]) + ',\n')
    f.write('  0x00\n};\n')
