#!/usr/bin/python
# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: fwdispatch_update
short_description: Update a server's BMC and BIOS firmware with fwdispatch
description:
  - Runs C(fwdispatch update --json --yes) against the target, in band on the managed host or
    out of band against a BMC (C(host)), over IPMI or Redfish.
  - fwdispatch identifies the board, refuses a wrong or corrupted image, backs up the BMC's
    settings, flashes the BMC, waits for it and verifies it, then stages the BIOS.
  - In check mode it runs C(--dry-run), which checks everything and changes nothing.
  - C(changed) is fwdispatch's own (the machine may have changed); a BIOS staged for the
    next reboot is success with C(reboot_required).
options:
  bmc: {description: The BMC image file., type: path}
  bios: {description: The BIOS image file., type: path}
  bmc_url: {description: A URL the Redfish BMC pulls the BMC image from., type: str}
  bios_url: {description: A URL the Redfish BMC pulls the BIOS image from., type: str}
  sha256_bmc: {description: The BMC image's expected SHA-256., type: str}
  sha256_bios: {description: The BIOS image's expected SHA-256., type: str}
  bmc_version: {description: The version the BMC image installs., type: str}
  bios_version: {description: The version the BIOS image installs., type: str}
  manifest: {description: A manifest naming the images and their checksums., type: path}
  allow_downgrade: {description: Allow an older version., type: bool, default: false}
  allow_reinstall: {description: Allow the version that runs already., type: bool, default: false}
  reboot: {description: Reboot the host to apply a staged BIOS., type: bool, default: false}
  bmc_timeout: {description: Seconds to wait for the BMC to come back., type: int}
  job_timeout: {description: Seconds to follow a vendor job or task., type: int}
  fwdispatch: {description: The fwdispatch program., type: str, default: fwdispatch}
  host: {description: The BMC to reach out of band; in band when not given., type: str}
  port: {description: The BMC's port., type: int}
  protocol: {description: How to reach C(host)., type: str, choices: [ipmi, redfish], default: ipmi}
  user: {description: The BMC user., type: str}
  password: {description: The BMC password, passed in fwdispatch's environment, never its arguments., type: str}
  password_file: {description: A file holding the BMC password (mode 0600)., type: path}
  cipher: {description: The IPMI lanplus cipher suite., type: int}
  cacert: {description: A CA file for a Redfish BMC's certificate., type: path}
  state_dir: {description: fwdispatch's state folder., type: path}
  plugin: {description: Use this plugin whatever the scores say., type: str}
  plugin_dir: {description: Load plugins from this folder., type: path}
  config: {description: fwdispatch's config file., type: path}
author: fwdispatch developers
'''

EXAMPLES = r'''
- name: Update the BMC of each server, out of band from the management host
  fwdispatch.firmware.fwdispatch_update:
    host: "{{ bmc_address }}"
    user: admin
    password: "{{ bmc_password }}"
    bmc: /srv/firmware/x11ssh/BMC_1.72.hpm
    sha256_bmc: "{{ bmc_sha256 }}"
  delegate_to: localhost
'''

RETURN = r'''
result: {description: fwdispatch's result (ok, dry-run, failed, stopped)., type: str, returned: always}
bmc: {description: The BMC part of the report (before, after, outcome...)., type: dict, returned: when asked for}
bios: {description: The BIOS part of the report (outcome, job_id...)., type: dict, returned: when asked for}
versions: {description: "Before and after, per part: {bmc: {before, after}, bios: {before, after}}.", type: dict, returned: always}
backup: {description: The backup file written before anything was flashed., type: str, returned: when taken}
job_ids: {description: Vendor jobs that apply an update at the next reboot., type: list, returned: always}
reboot_required: {description: A BIOS was staged and waits for the host's reboot., type: bool, returned: always}
stopped_at: {description: The step the run stopped in., type: str, returned: on failure}
recovery_hints: {description: What to do after a failure., type: list, returned: on failure}
report: {description: fwdispatch's whole JSON document., type: dict, returned: always}
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.fwdispatch.firmware.plugins.module_utils.fwdispatch import (
    TARGET_ARGS, run_json, target_argv)

# fwdispatch's exit codes that are success: 0, and 10 (a BIOS waits for the reboot).
OK_EXITS = (0, 10)


def update_argv(p, check_mode):
    argv = [p['fwdispatch'], 'update', '--json', '--yes']
    for key, opt in (('bmc', '--bmc'), ('bios', '--bios'), ('bmc_url', '--bmc-url'),
                     ('bios_url', '--bios-url'), ('sha256_bmc', '--sha256-bmc'),
                     ('sha256_bios', '--sha256-bios'), ('bmc_version', '--bmc-version'),
                     ('bios_version', '--bios-version'), ('manifest', '--manifest'),
                     ('bmc_timeout', '--bmc-timeout'), ('job_timeout', '--job-timeout')):
        if p.get(key) is not None:
            argv += [opt, str(p[key])]
    for key, opt in (('allow_downgrade', '--allow-downgrade'),
                     ('allow_reinstall', '--allow-reinstall'), ('reboot', '--reboot')):
        if p.get(key):
            argv.append(opt)
    if check_mode:
        argv.append('--dry-run')
    return argv + target_argv(p)


def part_versions(doc, name):
    part = (doc or {}).get(name) or {}
    return {'before': part.get('before'), 'after': part.get('after'),
            'version': part.get('version'), 'outcome': part.get('outcome')}


def main():
    spec = dict(TARGET_ARGS)
    spec.update(
        bmc=dict(type='path'), bios=dict(type='path'), bmc_url=dict(type='str'),
        bios_url=dict(type='str'), sha256_bmc=dict(type='str'), sha256_bios=dict(type='str'),
        bmc_version=dict(type='str'), bios_version=dict(type='str'), manifest=dict(type='path'),
        allow_downgrade=dict(type='bool', default=False),
        allow_reinstall=dict(type='bool', default=False),
        reboot=dict(type='bool', default=False),
        bmc_timeout=dict(type='int'), job_timeout=dict(type='int'),
    )
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_one_of=[('bmc', 'bios', 'bmc_url', 'bios_url', 'manifest')],
                           mutually_exclusive=[('password', 'password_file'),
                                               ('bmc', 'bmc_url'), ('bios', 'bios_url')])
    rc, doc, err = run_json(module, update_argv(module.params, module.check_mode))
    if doc is None:
        module.fail_json(msg='fwdispatch printed no JSON document (exit %d): %s' % (rc, err.strip()),
                         rc=rc)
    parts = [p for p in ('bmc', 'bios') if doc.get(p)]
    result = dict(
        changed=bool(doc.get('changed')),
        rc=rc,
        result=doc.get('result'),
        bmc=doc.get('bmc'),
        bios=doc.get('bios'),
        versions=dict((p, part_versions(doc, p)) for p in parts),
        backup=doc.get('backup'),
        job_ids=[doc[p].get('job_id') for p in parts if doc[p].get('job_id')],
        reboot_required=bool(doc.get('reboot_required')),
        stopped_at=doc.get('stopped_at'),
        recovery_hints=doc.get('recovery_hints'),
        report=doc,
    )
    if rc not in OK_EXITS:
        error = doc.get('error') or {}
        module.fail_json(msg=error.get('message') or 'fwdispatch failed (exit %d)' % rc,
                         **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
