"""The Redfish BMC emulator behind tests/sim/fwd-redfish-sim (see tests/sim/README.md).

One module per concern: messages (Base and Update message registries, error
bodies), state (the folder: settings, versions, faults, request log), tree (the
resources a client reads and patches), update (image uploads, the image format,
tasks), handler (one HTTP/1.1 connection: auth, routing, logging), server (the
listening socket, TLS, BMC restarts, the owner watchdog).  Standard library only.
"""
