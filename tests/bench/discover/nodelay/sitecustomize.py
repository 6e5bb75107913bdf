"""Loaded by the benchmark's emulator process only (through PYTHONPATH).

The emulator's handler writes a response's headers and body in two send()
calls without TCP_NODELAY: on a kept-alive connection the body then waits
for the client's delayed ACK, adding about 40 ms to every response after the
first -- more than the latency being measured. Setting socketserver's own
switch turns Nagle's algorithm off for the emulator's sockets; nothing else
changes. (bench_discover --stock-emulator runs without this file.)
"""
import socketserver

socketserver.StreamRequestHandler.disable_nagle_algorithm = True
