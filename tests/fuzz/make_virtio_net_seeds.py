#!/usr/bin/env python3
"""make_virtio_net_seeds.py DIR — fuzz_virtio seeds for the virtio-net in
slot 5 (records: see fuzz_virtio.c), each a valid driver's work (VIRTIO
1.2 3.1.1 initialisation, 2.7 split rings, 5.1 virtio-net):
  net-tx        one frame sent (it loops back and waits: no rx buffer);
  net-loopback  an rx buffer posted, one frame sent, received back;
  net-csum      a frame with VIRTIO_NET_HDR_F_NEEDS_CSUM (5.1.6.2.1) over
                a UDP datagram, looped back into a posted buffer;
  net-two-bufs  five frames sent into the four-frame loopback queue (the
                backend refuses the fifth until room) with two rx buffers.
"""
import os
import struct
import sys

NIC = 8                     # the record's slot byte for the NIC
WINDOW = 0x80100000
QN = 8
RX, TX = 0, 1
# window layout: rings of queue q at 0x1000 * q, buffers from 0x4000
DESC = lambda q: 0x1000 * q
AVAIL = lambda q: 0x1000 * q + 0x400
USED = lambda q: 0x1000 * q + 0x800
RXBUF = lambda i: 0x4000 + 0x2000 * i
TXBUF = lambda i: 0xa000 + 0x400 * i
HDR = 12                    # struct virtio_net_hdr with num_buffers
F_CSUM, F_MTU, F_MAC, F_STATUS = 0, 3, 5, 16
VRING_DESC_F_WRITE = 2


def reg(r, v):              # r: the register's byte offset
    return bytes([0, NIC, r // 4]) + struct.pack("<I", v & 0xffffffff)


def mem(off, data):
    out = b""
    while data:
        chunk = data[:255]
        out += bytes([1]) + struct.pack("<H", off) + bytes([len(chunk)]) + chunk
        off += len(chunk)
        data = data[255:]
    return out


def tick():
    return bytes([2])


def init():
    s = reg(0x70, 0) + reg(0x70, 1) + reg(0x70, 3)          # reset, ACK, DRIVER
    feats = 1 << F_CSUM | 1 << F_MTU | 1 << F_MAC | 1 << F_STATUS
    s += reg(0x24, 0) + reg(0x20, feats) + reg(0x24, 1) + reg(0x20, 1)  # VERSION_1
    s += reg(0x70, 11)                                       # FEATURES_OK
    s += bytes([3, NIC, 0x70 // 4])                          # read it back
    for q in (RX, TX):
        s += reg(0x30, q) + reg(0x38, QN)
        for r, off in ((0x80, DESC(q)), (0x90, AVAIL(q)), (0xa0, USED(q))):
            s += reg(r, WINDOW + off) + reg(r + 4, 0)
        s += reg(0x44, 1)
    return s + reg(0x70, 15)                                 # DRIVER_OK


def desc(q, i, addr_off, length, flags):
    return mem(DESC(q) + 16 * i, struct.pack("<QIHH", WINDOW + addr_off, length, flags, 0))


def avail(q, ring):
    return mem(AVAIL(q), struct.pack("<HH", 0, len(ring)) +
               b"".join(struct.pack("<H", d) for d in ring))


def udp_frame(payload):
    """An Ethernet + IPv4 + UDP frame (RFC 791, 768) from 10.0.2.15:1234 to
    10.0.2.2:7, IP checksum filled in, UDP checksum left to the device."""
    eth = bytes.fromhex("525400123502" "525400123456") + b"\x08\x00"
    udp_len = 8 + len(payload)
    ip = bytearray(struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 1, 0, 64, 17, 0,
                               bytes([10, 0, 2, 15]), bytes([10, 0, 2, 2])))
    csum = sum(struct.unpack(">10H", ip))
    csum = (csum & 0xffff) + (csum >> 16)
    csum = (csum & 0xffff) + (csum >> 16)
    ip[10:12] = struct.pack(">H", ~csum & 0xffff)
    udp = struct.pack(">HHHH", 1234, 7, udp_len, 0) + payload
    return eth + bytes(ip) + udp


def tx_frames(frames, flags=0, csum_start=0, csum_off=0):
    s = b""
    for i, f in enumerate(frames):
        hdr = struct.pack("<BBHHHHH", flags, 0, 0, 0, csum_start, csum_off, 0)
        s += mem(TXBUF(i), hdr + f) + desc(TX, i, TXBUF(i), HDR + len(f), 0)
    return s + avail(TX, list(range(len(frames)))) + reg(0x50, TX)


def rx_buffers(n):
    s = b"".join(desc(RX, i, RXBUF(i), 0x2000, VRING_DESC_F_WRITE) for i in range(n))
    return s + avail(RX, list(range(n))) + reg(0x50, RX)


def main():
    out = sys.argv[1]
    frame = udp_frame(b"rvx fuzz seed: a datagram to the echo port")
    seeds = {
        "net-tx": init() + tx_frames([frame]) + tick(),
        "net-loopback": init() + rx_buffers(1) + tx_frames([frame]) + tick() + tick(),
        # partial checksum: UDP's at csum_start 34 (Ethernet 14 + IP 20),
        # csum_offset 6
        "net-csum": init() + rx_buffers(1) +
                    tx_frames([frame], flags=1, csum_start=34, csum_off=6) + tick(),
        "net-two-bufs": init() + rx_buffers(2) + tx_frames([frame] * 5) + tick() +
                        bytes([3, NIC, 0x60 // 4]) + reg(0x64, 1) + tick(),
    }
    os.makedirs(out, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


main()
