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
    'history-req': b'\x00' + enc(0x0e, 41, 0x5f3e01aa, sch='nn'),
    'history': b'\x03' + enc(0x33, 42, 1764494400,
                             enc(0x21, 'bob', 'hi', sch='ss')[4:], sch='nns'),
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
GREET = b'-!- lanchat/1 room (lanchatd 0.1.0)\n'
# What a server sends a client: a whole session, as lanchatd sends it.
CLIENT = {
    'session': GREET + enc(0x2e, 'lines=5:10 bytes=4096:20480', sch='s')
    + enc(0x20, 'me', 3, 'lanchatd 0.1.0', sch='sns')
    + enc(0x28, 'me', '127.0.0.1:5', sch='ss')
    + enc(0x28, 'bob', '127.0.0.1:6', sch='ss')
    + enc(0x29, 2, sch='n') + enc(0x24, 'carol', '[::1]:7', sch='ss')
    + enc(0x21, 'bob', 'hi me, look', sch='ss')
    + enc(0x22, 'carol', 'waves', sch='ss')
    + enc(0x23, 'bob', 'me', 'psst', sch='sss')
    + enc(0x27, 'bob', 'robert', sch='ss')
    + enc(0x25, 12, 'a b c d', sch='ns')
    + enc(0x26, 'carol', 'bye', sch='ss') + enc(0x08, 'lanchatd', sch='s')
    + enc(0x2a, 'the server is shutting down', sch='s'),
    'hostile': GREET + enc(0x20, 'me', 1, 'x', sch='sns')
    + enc(0x21, 'eve', '\x1b]52;c;cHduZWQ=\x07\x1b[2J\r\x08', sch='ss')
    + enc(0x24, '\x1b[31mred', 'x', sch='ss')
    + enc(0x21, 'eve', '\u202eevil\u2066 ' + '\u4e00' * 50, sch='ss'),
    'refused': b'-!- lanchat/1 refused: too many \x1b[2J connections\n',
    'taken': GREET + enc(0x2b, 7, 'the nick me is taken', sch='ns'),
    'ssh': b'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n',
    # found by fuzzing: a names list with no names sorted a NULL array
    'empty-names': GREET + enc(0x20, 'me', 1, 'x', sch='sns')
    + enc(0x29, 0, sch='n'),
    'limits': GREET + enc(0x2e, 'lines=0 bytes=1:99999999999 x=y =', sch='s')
    + enc(0x20, 'me', 1, 'x', sch='sns')
    + enc(0x2e, 'lines=4294967295:4294967295 bytes=x', sch='s'),
    'udp': GREET + enc(0x20, 'me', 1, 'x', sch='sns')
    + enc(0x2c, 1, b'\x01' * 16, sch='ns') + enc(0x2d, 'back to TCP', sch='s'),
    # a replay after the welcome, then live lines with their stamps
    'history': GREET + enc(0x20, 'me', 2, 'x', sch='sns')
    + enc(0x32, 3 | 0x80000000, 7, sch='nn')
    + enc(0x33, 5, 1764494400, enc(0x21, 'bob', 'old \x1b[2J', sch='ss')[4:],
          sch='nns')
    + enc(0x33, 6, 1, enc(0x22, 'me', 'waved', sch='ss')[4:], sch='nns')
    + enc(0x33, 7, 0xffffffff, enc(0x27, 'bob', 'rob', sch='ss')[4:],
          sch='nns')
    + enc(0x33, 8, 2, enc(0x23, 'a', 'b', 'c', sch='sss')[4:], sch='nns')
    + enc(0x31, 9, 1764494500, sch='nn') + enc(0x21, 'rob', 'now', sch='ss')
    + enc(0x31, 10, 0, sch='nn') + enc(0x31, 11, 0xffffffff, sch='nn'),
}


def rec(op, payload):
    return bytes([op, len(payload)]) + payload


# fuzz_udp scripts: register, prove, chat, jump, time, leave.
UDP = {
    'register-chat': rec(1, b'') + rec(2, b'') + rec(1, b'')
    + rec(3, b'\x00\x00\x00\x01hello') + rec(3, b'\x00\x00\x00\x03x')
    + rec(5, b'\x0c') + rec(3, b'\x00\x00\x00\x02late'),
    'both': rec(1, b'') + rec(2, b'') + rec(9, b'') + rec(10, b'')
    + rec(11, b'\x00\x00\x00\x01from one') + rec(3, b'\x00\x00\x00\x01zero'),
    'stolen': rec(1, b'') + rec(2, b'') + rec(0x11, b'') + rec(0x12, b'')
    + rec(0x13, b'\x00\x00\x00\x05stolen'),
    'jumps': rec(1, b'') + rec(2, b'') + b''.join(
        rec(3, struct.pack('>I', i * 100000) + b'j') for i in range(1, 6))
    + rec(5, b'\xff'),
    # found by fuzzing: a member leaving before its join was told, then
    # joining again, looped the pending-join list
    'churn': rec(1, b'') + rec(2, b'') + rec(6, b'\x01') + rec(6, b'\x00')
    + rec(1, b'') + rec(2, b'') + rec(6, b'\x02') + rec(6, b'\x02'),
    'raw': rec(0, enc(0x40, 1, b'\x00' * 16, sch='ns'))
    + rec(0, enc(0x47, 1, b'\x00' * 16, b'\x00' * 8, sch='nss')),
}


def uchat(seq, who, text, t=0x44):
    return enc(t, seq, 0, who, text, sch='nnss')


RXWIN = {
    'order': b''.join(rec(0, uchat(i, 'bob', 'line %d' % i))
                      for i in (1, 2, 4, 3, 3, 9)) + rec(4, b'\x20'),
    'senders': b''.join(rec(i % 4, uchat(i // 2, 'n%d' % (i % 2), 'x'))
                        for i in range(20)),
    'rename': rec(0, uchat(1, 'bob', 'a')) + rec(5, b'bobrob')
    + rec(0, uchat(3, 'rob', 'b')) + rec(4, b'\x40'),
    'jump': rec(0, uchat(1, 'j', 'a')) + rec(0, uchat(4000000000, 'j', 'b')),
    # found by fuzzing: a sender named with a NUL got a window of its own
    # each time, and a loss notice with an empty name
    'nul-nick': rec(0, uchat(1, 'a\x00b', 'x')) + rec(0, uchat(3, 'a\x00b', 'y'))
    + rec(4, b'\x40'),
}
SNIFF = {
    'framed': enc(1, 'alice', sch='s'),
    'text': b'hello there\r\n',
    'http': b'GET / HTTP/1.1\r\nHost: lanchat\r\n\r\n',
    'http-partial': b'POST /api/v1/rooms HTT',
    'tls': bytes.fromhex('16030100c8010000c40303') + bytes(range(32)),
    'telnet': b'\xff\xfd\x18\xff\xfb\x1f\xff\xfa\x18\x01\xff\xf0hi\xff\xffx'
    b'\xff\xf4\xff\xfd\x06\r\n',
    'greeting': GREET,
    'refusal': b'-!- lanchat/1 refused: connecting too fast\r\n',
    'mimic': b'x' + b' ' * 120 + b'-!- the server is shutting down',
}
# Settings files, read whole: lanchatd's and the client's.
CONF = {
    'nick': b'nick = alice\n', 'server': b'server = [::1]:2428\n',
    'bools': b'colors = no # comment\nbell=yes', 'scroll': b'scrollback = 100',
    'ping': b'ping = 1.5:0.5\n', 'limit-rate': b'rate = 5:10\n',
    'limit-ping': b'ping = 60:20\n', 'limit-ka': b'keepalive = 60,10,3\n',
    'limit-bad': b'per-address = -1\n', 'bad': b'= nothing\n',
    'lanchatd': b'name = Kitchen\nlisten = 127.0.0.1\nlisten = ::1\n'
    b'port = 0\nlog = debug\ndns-sd = no\nbacklog = 100:1d\n'
    b'history-file = /var/lib/lanchatd/history\nguess-rate = 5:10\n'
    b'secret-file = /etc/lanchat/secret\nmax-clients = 10000\n',
    'long-line': b'name = ' + b'x' * 600 + b'\nport = 2428',
    'crlf': b'name = Office\r\nlog = info\r\n',
}
# A history file (lanchatd --history-file): a header, then records.
HTAG = b'lanchat-history/1 epoch 1234\n'


def hrec(i, t, inner):
    return enc(0x33, i, t, inner[4:], sch='nns')


HISTFILE = {
    'two': HTAG + hrec(1, 1764494400, enc(0x21, 'bob', 'hi', sch='ss'))
    + hrec(2, 1764494460, enc(0x22, 'bob', 'waves', sch='ss')),
    'torn': HTAG + hrec(1, 5, enc(0x27, 'a', 'b', sch='ss'))
    + hrec(2, 6, enc(0x21, 'a', 'cut short', sch='ss'))[:-3],
    'disorder': HTAG + hrec(5, 1, enc(0x21, 'a', 'x', sch='ss'))
    + hrec(3, 2, enc(0x21, 'a', 'y', sch='ss'))
    + hrec(0xffffffff, 3, enc(0x21, 'a', 'z', sch='ss')),
    'escape': HTAG + hrec(1, 0, enc(0x21, 'e\x1b[2Jve', '\x1b]0;t\x07\r',
                                    sch='ss'))
    + hrec(2, 0, enc(0x23, 'a', 'b', 'private', sch='sss')),
    'no-header': hrec(1, 0, enc(0x21, 'a', 'x', sch='ss')),
    'empty': HTAG,
}
# Room finding: queries lanchatd may get, answers lanchat may get.
FIND = {
    'query': enc(0x48, 7, b'\0' * 244, sch='ns'),
    'query-short': enc(0x48, 7, b'', sch='ns'),
    'answer': enc(0x49, 0x12345678, 42, 'Kitchen, lanchatd 0.1.0',
                  'port=2428 members=3 up=120 private=0', sch='nnss'),
    'answer-hostile': enc(0x49, 1, 2, '\x1b]0;x\x07\tEvil\n',
                          'port=99999 members=-1 up=x port=1', sch='nnss'),
}
# Sealed text: a header's worth, a sealed box's shape, text.
SEAL = {
    'short': b'\0' * 12,
    'box': bytes(range(12)) + b'\x55' * 24 + b'hello' + b'\xaa' * 16,
    'text': 'hello, private room \u00e9'.encode(),
    # Frame bodies from the server, a box where the text goes (priv.c).
    'chat-box': enc(0x21, 'bob', bytes(range(12)) + b'\x55' * 24 +
                    b'hello' + b'\xaa' * 16, sch='ss')[4:],
    'private-box': enc(0x23, 'bob', 'alice', b'\0' * 60, sch='sss')[4:],
    'action-short': enc(0x22, 'bob', b'\1' * 20, sch='ss')[4:],
    # An admission key file's line (lanchatd --print-admission-key).
    'keyline': b'lanchat-admission/1 ' + b'0f' * 16 + b' ' + b'A5' * 32,
}
here = os.path.dirname(os.path.abspath(__file__))
for name, seeds in (('frame', FRAME), ('line', LINE), ('client', CLIENT),
                    ('udp', UDP), ('rxwin', RXWIN), ('sniff', SNIFF),
                    ('conf', CONF), ('histfile', HISTFILE),
                    ('find', FIND), ('seal', SEAL)):
    d = os.path.join(here, 'corpus', name)
    os.makedirs(d, exist_ok=True)
    for k, v in seeds.items():
        with open(os.path.join(d, k), 'wb') as f:
            f.write(v)
