# -*- coding: utf-8 -*-
# The part the fwdispatch modules share: the target options as fwdispatch's
# command line, the password through fwdispatch's environment (never its
# argv), and running it for one JSON document.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

TARGET_ARGS = dict(
    fwdispatch=dict(type='str', default='fwdispatch'),
    host=dict(type='str'),
    port=dict(type='int'),
    protocol=dict(type='str', choices=['ipmi', 'redfish'], default='ipmi'),
    user=dict(type='str'),
    password=dict(type='str', no_log=True),
    password_file=dict(type='path'),
    cipher=dict(type='int'),
    cacert=dict(type='path'),
    state_dir=dict(type='path'),
    plugin=dict(type='str'),
    plugin_dir=dict(type='path'),
    config=dict(type='path'),
)


def target_argv(p):
    """fwdispatch's options for the target and the state folder."""
    argv = []
    for key, opt in (('host', '--host'), ('port', '--port'), ('user', '--user'),
                     ('password_file', '--password-file'), ('cipher', '--cipher'),
                     ('cacert', '--cacert'), ('state_dir', '--state-dir'),
                     ('plugin', '--plugin'), ('plugin_dir', '--plugin-dir'),
                     ('config', '--config')):
        if p.get(key) is not None:
            argv += [opt, str(p[key])]
    if p.get('protocol') == 'redfish':
        argv.append('--redfish')
    return argv


def password_env(p):
    """The password as fwdispatch reads it from its environment."""
    if p.get('password') is None:
        return {}
    name = 'FWDISPATCH_REDFISH_PASSWORD' if p.get('protocol') == 'redfish' else 'IPMI_PASSWORD'
    return {name: p['password']}


def run_json(module, argv):
    """Runs fwdispatch; returns (exit code, its JSON document or None, stderr)."""
    rc, out, err = module.run_command(argv, environ_update=password_env(module.params),
                                      check_rc=False)
    try:
        doc = json.loads(out) if out.strip() else None
    except ValueError:
        doc = None
    return rc, doc, err
