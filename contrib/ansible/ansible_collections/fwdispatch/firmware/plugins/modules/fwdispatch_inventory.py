#!/usr/bin/python
# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: fwdispatch_inventory
short_description: Read a server's firmware with fwdispatch, as facts
description:
  - Runs C(fwdispatch inventory --json) against the target (in band, or C(host)) and sets the
    fact C(fwdispatch_firmware) - board, plugin, BMC and BIOS versions, a BIOS waiting for the
    reboot, the last update's result.  Changes nothing.
options:
  fwdispatch: {description: The fwdispatch program., type: str, default: fwdispatch}
  host: {description: The BMC to reach out of band; in band when not given., type: str}
  port: {description: The BMC's port., type: int}
  protocol: {description: How to reach C(host)., type: str, choices: [ipmi, redfish], default: ipmi}
  user: {description: The BMC user., type: str}
  password: {description: The BMC password, in fwdispatch's environment only., type: str}
  password_file: {description: A file holding the BMC password., type: path}
  cipher: {description: The IPMI lanplus cipher suite., type: int}
  cacert: {description: A CA file for a Redfish BMC's certificate., type: path}
  state_dir: {description: fwdispatch's state folder (for the history)., type: path}
  plugin: {description: Use this plugin whatever the scores say., type: str}
  plugin_dir: {description: Load plugins from this folder., type: path}
  config: {description: fwdispatch's config file., type: path}
author: fwdispatch developers
'''

EXAMPLES = r'''
- fwdispatch.firmware.fwdispatch_inventory:
    host: "{{ bmc_address }}"
    user: admin
    password: "{{ bmc_password }}"
  delegate_to: localhost
- debug:
    msg: "{{ inventory_hostname }} runs BMC {{ fwdispatch_firmware.bmc }}"
'''

RETURN = r'''
ansible_facts:
  description: C(fwdispatch_firmware), the target's entry of the inventory document.
  type: dict
  returned: always
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.fwdispatch.firmware.plugins.module_utils.fwdispatch import (
    TARGET_ARGS, run_json, target_argv)


def main():
    module = AnsibleModule(argument_spec=dict(TARGET_ARGS), supports_check_mode=True,
                           mutually_exclusive=[('password', 'password_file')])
    p = module.params
    rc, doc, err = run_json(module, [p['fwdispatch'], 'inventory', '--json'] + target_argv(p))
    targets = (doc or {}).get('targets') or []
    if rc != 0 or not targets:
        error = (targets[0].get('error') if targets else None) or (doc or {}).get('error') or {}
        module.fail_json(msg=error.get('message') or 'fwdispatch inventory failed (exit %d): %s'
                         % (rc, err.strip()), rc=rc)
    module.exit_json(changed=False, ansible_facts=dict(fwdispatch_firmware=targets[0]))


if __name__ == '__main__':
    main()
