"""Writes the fuzzers' seed corpus: one file per interesting input.
Run from the top of the tree: python3 tests/fuzz/make-seeds.py"""
import os
import struct


def enc(t, *fields, sch):
    body = bytes([1, t])
    for k, f in zip(sch, fields):
        if k == 'n':
            body += struct.pack('>I', f)
        else:
            b = f.encode() if isinstance(f, str) else f
            body += struct.pack('>H', len(b)) + b
    return struct.pack('>I', len(body)) + body


# The first byte of each seed is the read size the target cuts the rest into.
FRAME = {
    'hello': b'\x00' + enc(1, 'alice', sch='s'),
    'say-split3': b'\x03' + enc(1, 'bob', sch='s') + enc(2, 'hello 日本語', sch='s'),
    'tell': b'\x01' + enc(4, 'bob', 'psst', sch='ss'),
    'chat': b'\x00' + enc(0x21, 'alice', 'hi', sch='ss'),
    'private': b'\x05' + enc(0x23, 'a', 'b', 'c', sch='sss'),
    'joins': b'\x00' + enc(0x25, 40, 'a b c d', sch='ns'),
    'error': b'\x00' + enc(0x2b, 7, 'taken', sch='ns'),
    'welcome': b'\x02' + enc(0x20, 'me', 3, 'lanchatd', sch='sns'),
    'escape': b'\x00' + enc(0x21, 'eve', '\x1b]0;x\x07', sch='ss'),
    'zero': b'\x00' + b'\x00\x00\x00\x00',
    'huge': b'\x00' + b'\xff\xff\xff\xff',
    'version': b'\x00' + b'\x00\x00\x00\x02\x09\x02',
    'who': b'\x00' + enc(6, sch=''),
    'ureg': b'\x00' + enc(0x40, 1, b'\x00' * 16, sch='ns'),
    # a 'q' (sequence) field is laid out as an 'n'
    'usay': b'\x00' + enc(0x42, 1, b'\x01' * 16, 7, 'hi ünïcode', sch='nsns'),
    'uchat': b'\x07' + enc(0x44, 5, 1, 'bob', 'late line', sch='nnss'),
    'udp-cred': b'\x00' + enc(0x2c, 3, b'\xff' * 16, sch='ns'),
}
LINE = {
    'text': b'\x00hello world\n',
    'crlf': b'\x02/nick bob\r\n/me waves\r\n',
    'msg': b'\x07/msg bob hi there\n/quit bye',
    'escape': b'\x00raw \x1b[31mred\n',
    'utf8': '\x00日本語 😀 e\u0301\n'.encode(),
    'invalid': b'\x01\xc3\x28\xff\n',
    'slashes': b'\x00//x\n/\n/ \n/msg\n',
    'long': b'\x00' + b'a' * 9000 + b'\nok\n',
    'bidi': '\x00a\u202eb\n'.encode(),
    'nul-in-command': b'\x00/me\x00\x00 x\n',
}
here = os.path.dirname(os.path.abspath(__file__))
for name, seeds in (('frame', FRAME), ('line', LINE)):
    d = os.path.join(here, 'corpus', name)
    os.makedirs(d, exist_ok=True)
    for k, v in seeds.items():
        with open(os.path.join(d, k), 'wb') as f:
            f.write(v)
