"""A small Chrome DevTools protocol client for the browser tests: starts
headless chromium, opens one page and drives it (navigate, evaluate,
click, type, screenshot). The websocket is spoken by hand over the
standard library (RFC 6455 client frames, masked; no extensions), so the
tests need chromium and python3 only."""
import base64
import json
import os
import re
import select
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request


class CDPError(Exception):
    pass


class WebSocket:
    """Just enough of a websocket client for the DevTools protocol."""

    def __init__(self, url):
        m = re.match(r'ws://([^/:]+):(\d+)(/.*)', url)
        host, port, path = m.group(1), int(m.group(2)), m.group(3)
        self.sock = socket.create_connection((host, port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        req = ('GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n'
               'Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n'
               'Sec-WebSocket-Version: 13\r\n\r\n' % (path, host, port, key))
        self.sock.sendall(req.encode())
        resp = b''
        while b'\r\n\r\n' not in resp:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise CDPError('websocket handshake: connection closed')
            resp += chunk
        head, self.buf = resp.split(b'\r\n\r\n', 1)
        if b' 101 ' not in head.split(b'\r\n')[0]:
            raise CDPError('websocket handshake: ' + head.decode(errors='replace'))

    def send(self, text):
        data = text.encode()
        hdr = bytearray([0x81])
        n = len(data)
        if n < 126:
            hdr.append(0x80 | n)
        elif n < 65536:
            hdr.append(0x80 | 126)
            hdr += struct.pack('>H', n)
        else:
            hdr.append(0x80 | 127)
            hdr += struct.pack('>Q', n)
        mask = os.urandom(4)
        hdr += mask
        self.sock.sendall(bytes(hdr) + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise CDPError('websocket closed')
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        """The next text message (fragments joined; control frames skipped)."""
        parts = b''
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7f
            if n == 126:
                n = struct.unpack('>H', self._read(2))[0]
            elif n == 127:
                n = struct.unpack('>Q', self._read(8))[0]
            if b1 & 0x80:
                mask = self._read(4)
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(self._read(n)))
            else:
                payload = self._read(n)
            op = b0 & 0x0f
            if op == 8:
                raise CDPError('websocket closed by the browser')
            if op in (9, 10):
                continue
            parts += payload
            if b0 & 0x80:
                return parts.decode()


def find_chromium():
    for name in ('chromium', 'chromium-browser', 'google-chrome'):
        p = shutil.which(name)
        if p:
            return p
    return None


class Browser:
    def __init__(self, width=1400, height=900):
        exe = find_chromium()
        if not exe:
            raise FileNotFoundError('chromium')
        self.profile = tempfile.mkdtemp(prefix='cprof-chromium-')
        self.proc = subprocess.Popen(
            [exe, '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
             '--no-first-run', '--disable-background-networking',
             '--disable-component-update', '--disable-sync',
             '--user-data-dir=' + self.profile, '--remote-debugging-port=0',
             '--window-size=%d,%d' % (width, height), 'about:blank'],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = None
        deadline = time.time() + 30
        err = b''
        while time.time() < deadline and url is None:
            r, _, _ = select.select([self.proc.stderr], [], [], 1)
            if r:
                line = self.proc.stderr.readline()
                err += line
                m = re.search(rb'DevTools listening on (ws://\S+)', line)
                if m:
                    url = m.group(1).decode()
            if self.proc.poll() is not None:
                break
        if not url:
            self.close()
            raise CDPError('chromium did not start: ' + err.decode(errors='replace'))
        port = int(re.match(r'ws://[^:]+:(\d+)/', url).group(1))
        pages = json.load(urllib.request.urlopen('http://127.0.0.1:%d/json/list' % port))
        page = [p for p in pages if p.get('type') == 'page'][0]
        self.ws = WebSocket(page['webSocketDebuggerUrl'])
        self.next_id = 0
        self.events = []
        self.call('Page.enable')
        self.call('Runtime.enable')
        self.call('Emulation.setDeviceMetricsOverride', width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    def call(self, method, **params):
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({'id': my, 'method': method, 'params': params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get('id') == my:
                if 'error' in msg:
                    raise CDPError('%s: %s' % (method, msg['error']))
                return msg.get('result', {})
            self.events.append(msg)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i, e in enumerate(self.events):
                if e.get('method') == method:
                    del self.events[i]
                    return e
            self.ws.sock.settimeout(max(0.1, deadline - time.time()))
            try:
                self.events.append(json.loads(self.ws.recv()))
            except socket.timeout:
                break
            finally:
                self.ws.sock.settimeout(30)
        raise CDPError('timed out waiting for ' + method)

    def goto(self, url):
        self.events = [e for e in self.events if e.get('method') != 'Page.loadEventFired']
        self.call('Page.navigate', url=url)
        self.wait_event('Page.loadEventFired')
        time.sleep(0.2)

    def wait_load(self):
        self.wait_event('Page.loadEventFired')
        time.sleep(0.2)

    def js(self, expr):
        r = self.call('Runtime.evaluate', expression=expr, returnByValue=True,
                      awaitPromise=True)
        if 'exceptionDetails' in r:
            raise CDPError('javascript: %s: %s' % (expr, json.dumps(r['exceptionDetails'])[:500]))
        return r['result'].get('value')

    def wait_js(self, expr, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            v = self.js(expr)
            if v:
                return v
            time.sleep(0.1)
        raise CDPError('timed out waiting for ' + expr)

    def click(self, x, y, modifiers=0):
        for t in ('mousePressed', 'mouseReleased'):
            self.call('Input.dispatchMouseEvent', type=t, x=x, y=y, button='left',
                      clickCount=1, modifiers=modifiers)
        time.sleep(0.1)

    def click_selector(self, sel, modifiers=0):
        """Clicks the centre of the first element matching sel."""
        box = self.js('(function(){var e=document.querySelector(%s);'
                      'if(!e)return null;e.scrollIntoView({block:"center"});'
                      'var r=e.getBoundingClientRect();'
                      'return [r.left+r.width/2,r.top+r.height/2];})()' % json.dumps(sel))
        if not box:
            raise CDPError('nothing matches ' + sel)
        self.click(box[0], box[1], modifiers)

    def type(self, sel, text):
        self.js('document.querySelector(%s).focus()' % json.dumps(sel))
        self.call('Input.insertText', text=text)
        time.sleep(0.2)

    def screenshot(self, path):
        r = self.call('Page.captureScreenshot', format='png')
        with open(path, 'wb') as f:
            f.write(base64.b64decode(r['data']))

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
