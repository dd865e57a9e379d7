#!/usr/bin/python3
"""pdf_cms_extract.py PDF N OUTDIR - write the bytes the Nth signature
(1-based, in file order) signs to OUTDIR/signed.bin and its CMS, trimmed
to its DER length, to OUTDIR/sig.der, for `openssl cms -verify`.  Reads
/ByteRange and /Contents with regular expressions, as a tool independent
of wa's own PDF reader."""
import re
import sys

pdf, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
data = open(pdf, 'rb').read()
ranges = [tuple(map(int, m.groups())) for m in
          re.finditer(rb'/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]', data)]
a, b, c, d = ranges[n - 1]
open(out + '/signed.bin', 'wb').write(data[a:a + b] + data[c:c + d])
hexstr = data[a + b:c].strip()
assert hexstr[:1] == b'<' and hexstr[-1:] == b'>', 'the gap is not a hex string'
der = bytes.fromhex(hexstr[1:-1].decode())
# DER: tag, then the length in short or long form
if der[1] < 0x80:
    total = 2 + der[1]
else:
    k = der[1] & 0x7f
    total = 2 + k + int.from_bytes(der[2:2 + k], 'big')
open(out + '/sig.der', 'wb').write(der[:total])
