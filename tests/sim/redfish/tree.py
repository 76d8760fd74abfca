"""The resource tree: what GET shows, what PATCH may change, the resets and
the sessions.  Every answer is (status, body or None, {header: value}).

Resources are built from the state on every GET, so what a client reads is
always what the BMC holds; each carries "@odata.etag", a hash of its content,
which PATCH compares with If-Match.  Uploads, tasks and task monitors are in
update.py.
"""
import hashlib
import ipaddress
import json
import os
import secrets
import time

from .messages import BASE, error_body, message

V1 = "/redfish/v1"
SYSTEM = V1 + "/Systems/System1"
MANAGER = V1 + "/Managers/BMC"
ETH = MANAGER + "/EthernetInterfaces/eth0"
NETPROTO = MANAGER + "/NetworkProtocol"
INVENTORY = V1 + "/UpdateService/FirmwareInventory"
SESSIONS = V1 + "/SessionService/Sessions"
ACCOUNTS = V1 + "/AccountService/Accounts"
TASKS = V1 + "/TaskService/Tasks"

SYSTEM_RESETS = ["On", "ForceOff", "GracefulShutdown", "GracefulRestart", "ForceRestart", "PowerCycle"]
MANAGER_RESETS = ["GracefulRestart", "ForceRestart"]


def err(status, message_id, args=(), text=None, headers=None, resolution=None):
    return status, error_body(message_id, args, text, resolution), dict(headers or {})


def general(status, text, resolution, headers=None):
    """An error Base 1.8 has no message of its own for."""
    return err(status, BASE + "GeneralError", text=text, resolution=resolution, headers=headers)


def etag_of(body):
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    return '"%s"' % digest[:16]


def res(path, odata_type, name, **props):
    body = {"@odata.id": path, "@odata.type": odata_type,
            "Id": path.rsplit("/", 1)[1], "Name": name}
    body.update(props)
    return body


def collection(path, odata_type, name, members):
    return {"@odata.id": path, "@odata.type": odata_type, "Name": name,
            "Members": [{"@odata.id": m} for m in members],
            "Members@odata.count": len(members)}


# ------------------------------------------------------------------ GET --

def service_root(st):
    c = st.config
    return {
        "@odata.id": V1 + "/", "@odata.type": "#ServiceRoot.v1_11_0.ServiceRoot",
        "Id": "RootService", "Name": "Root Service", "RedfishVersion": "1.15.0",
        "UUID": st.data["uuid"], "Vendor": c["vendor"], "Product": c["product"],
        "Systems": {"@odata.id": V1 + "/Systems"},
        "Managers": {"@odata.id": V1 + "/Managers"},
        "UpdateService": {"@odata.id": V1 + "/UpdateService"},
        "SessionService": {"@odata.id": V1 + "/SessionService"},
        "AccountService": {"@odata.id": V1 + "/AccountService"},
        "TaskService": {"@odata.id": V1 + "/TaskService"},
        "Links": {"Sessions": {"@odata.id": SESSIONS}},
    }


def system(st):
    d = st.data
    return res(SYSTEM, "#ComputerSystem.v1_16_0.ComputerSystem", "System",
               SystemType="Physical", Manufacturer=st.config["vendor"],
               Model=st.config["product"], BiosVersion=d["bios_version"],
               PowerState=d["power_state"],
               Status={"State": "Enabled", "Health": "OK"},
               Links={"ManagedBy": [{"@odata.id": MANAGER}]},
               Actions={"#ComputerSystem.Reset": {
                   "target": SYSTEM + "/Actions/ComputerSystem.Reset",
                   "ResetType@Redfish.AllowableValues": SYSTEM_RESETS}})


def manager(st):
    return res(MANAGER, "#Manager.v1_10_0.Manager", "Manager",
               ManagerType="BMC", UUID=st.data["uuid"], Model=st.config["product"],
               FirmwareVersion=st.bmc_version_reported(), PowerState="On",
               DateTime=time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
               Status={"State": "Enabled", "Health": "OK"},
               EthernetInterfaces={"@odata.id": MANAGER + "/EthernetInterfaces"},
               NetworkProtocol={"@odata.id": NETPROTO},
               Links={"ManagerForServers": [{"@odata.id": SYSTEM}]},
               Actions={"#Manager.Reset": {
                   "target": MANAGER + "/Actions/Manager.Reset",
                   "ResetType@Redfish.AllowableValues": MANAGER_RESETS}})


def ethernet(st):
    e = st.data["eth"]
    if e["DHCPEnabled"]:
        # What a DHCP server on the management LAN would have leased.
        current = [{"Address": "198.51.100.77", "SubnetMask": "255.255.255.0",
                    "Gateway": "198.51.100.1", "AddressOrigin": "DHCP"}]
        dns = ["198.51.100.53"]
    else:
        current = [dict(a, AddressOrigin="Static") for a in e["IPv4StaticAddresses"]]
        dns = list(e["StaticNameServers"])
    return res(ETH, "#EthernetInterface.v1_6_0.EthernetInterface", "Manager Ethernet Interface",
               MACAddress=e["MACAddress"], PermanentMACAddress=e["MACAddress"],
               HostName=e["HostName"], FQDN=e["FQDN"], InterfaceEnabled=True,
               LinkStatus="LinkUp", SpeedMbps=1000,
               Status={"State": "Enabled", "Health": "OK"},
               IPv4Addresses=current, IPv4StaticAddresses=e["IPv4StaticAddresses"],
               DHCPv4={"DHCPEnabled": e["DHCPEnabled"], "UseDNSServers": True,
                       "UseGateway": True},
               VLAN={"VLANEnable": e["VLANEnable"], "VLANId": e["VLANId"]},
               StaticNameServers=e["StaticNameServers"], NameServers=dns)


def network_protocol(st):
    p = st.data["protocols"]
    body = res(NETPROTO, "#ManagerNetworkProtocol.v1_5_0.ManagerNetworkProtocol",
               "Manager Network Protocol", HostName=p["HostName"],
               FQDN=p["HostName"] + ".example.test",
               Status={"State": "Enabled", "Health": "OK"})
    for proto in ("HTTPS", "SSH", "IPMI", "SNMP", "NTP"):
        body[proto] = dict(p[proto])
    return body


ACCOUNT_SLOTS = [("admin", "Administrator", True), ("operator", "Operator", True), ("", "ReadOnly", False)]


def account(st, n):
    user, role, enabled = ACCOUNT_SLOTS[n - 1]
    return res("%s/%d" % (ACCOUNTS, n), "#ManagerAccount.v1_7_0.ManagerAccount",
               "User Account", UserName=user, RoleId=role, Enabled=enabled,
               Locked=False, Password=None)


def update_service(st):
    c = st.config
    body = res(V1 + "/UpdateService", "#UpdateService.v1_11_0.UpdateService", "Update Service",
               ServiceEnabled=True, HttpPushUri=V1 + "/UpdateService/push",
               MaxImageSizeBytes=c["max_image_bytes"],
               FirmwareInventory={"@odata.id": INVENTORY},
               Status={"State": "Enabled", "Health": "OK"})
    # A service that enforces a limit it does not publish: the push gets 413.
    if "unsaid-max-size" in st.faults.current():
        del body["MaxImageSizeBytes"]
    if c.get("simple_update", True):
        body["Actions"] = {"#UpdateService.SimpleUpdate": {
            "target": V1 + "/UpdateService/Actions/UpdateService.SimpleUpdate",
            "TransferProtocol@Redfish.AllowableValues": ["HTTP", "HTTPS"]}}
    if c["multipart"]:
        body["MultipartHttpPushUri"] = V1 + "/UpdateService/upload"
    # The apply times the push URIs take; which one a component needs is
    # the emulator's rule (BMC Immediate, BIOS OnReset; README).
    # An UpdateParameters without "@Redfish.OperationApplyTime" means
    # Immediate; the rules per component are in update.py.
    body["HttpPushUriOptions"] = {"HttpPushUriApplyTime": {
        "ApplyTime": "Immediate",
        "ApplyTime@Redfish.AllowableValues": ["Immediate", "OnReset"]}}
    return body


def firmware(st, which):
    if which == "BMC":
        version, name, sid = st.bmc_version_reported(), "BMC Firmware", "fwd-redfish-bmc"
    else:
        version, name, sid = st.data["bios_version"], "BIOS", "fwd-redfish-bios"
    return res("%s/%s" % (INVENTORY, which), "#SoftwareInventory.v1_4_0.SoftwareInventory",
               name, Version=version, Updateable=True, SoftwareId=sid,
               Status={"State": "Enabled", "Health": "OK"},
               RelatedItem=[{"@odata.id": MANAGER if which == "BMC" else SYSTEM}])


def session_resource(sid, user):
    return res("%s/%s" % (SESSIONS, sid), "#Session.v1_3_0.Session", "User Session",
               UserName=user)


def get(st, path):
    """The resource at path, or None."""
    fixed = {
        V1: service_root,
        V1 + "/Systems": lambda s: collection(V1 + "/Systems",
                                              "#ComputerSystemCollection.ComputerSystemCollection",
                                              "Computer System Collection", [SYSTEM]),
        SYSTEM: system,
        V1 + "/Managers": lambda s: collection(V1 + "/Managers", "#ManagerCollection.ManagerCollection",
                                               "Manager Collection", [MANAGER]),
        MANAGER: manager,
        MANAGER + "/EthernetInterfaces": lambda s: collection(
            MANAGER + "/EthernetInterfaces",
            "#EthernetInterfaceCollection.EthernetInterfaceCollection",
            "Ethernet Network Interface Collection", [ETH]),
        ETH: ethernet,
        NETPROTO: network_protocol,
        V1 + "/UpdateService": update_service,
        INVENTORY: lambda s: collection(INVENTORY, "#SoftwareInventoryCollection.SoftwareInventoryCollection",
                                        "Firmware Inventory", [INVENTORY + "/BMC", INVENTORY + "/BIOS"]),
        INVENTORY + "/BMC": lambda s: firmware(s, "BMC"),
        INVENTORY + "/BIOS": lambda s: firmware(s, "BIOS"),
        V1 + "/SessionService": lambda s: res(
            V1 + "/SessionService", "#SessionService.v1_1_8.SessionService", "Session Service",
            ServiceEnabled=s.config["sessions"], SessionTimeout=1800,
            Sessions={"@odata.id": SESSIONS}),
        SESSIONS: lambda s: collection(SESSIONS, "#SessionCollection.SessionCollection",
                                       "Session Collection",
                                       ["%s/%s" % (SESSIONS, v["id"]) for v in list(s.sessions.values())]),
        V1 + "/AccountService": lambda s: res(
            V1 + "/AccountService", "#AccountService.v1_10_0.AccountService", "Account Service",
            ServiceEnabled=True, Accounts={"@odata.id": ACCOUNTS}),
        V1 + "/TaskService": lambda s: res(
            V1 + "/TaskService", "#TaskService.v1_2_0.TaskService", "Task Service",
            ServiceEnabled=True, CompletedTaskOverWritePolicy="Manual",
            LifeCycleEventOnTaskStateChange=False, Tasks={"@odata.id": TASKS}),
        ACCOUNTS: lambda s: collection(ACCOUNTS, "#ManagerAccountCollection.ManagerAccountCollection",
                                       "Accounts Collection",
                                       ["%s/%d" % (ACCOUNTS, i + 1) for i in range(len(ACCOUNT_SLOTS))]),
    }
    with st.lock:
        body = _get(st, path, fixed)
        # The persona shows a resource its own way, or adds resources.
        if body is not None:
            return st.persona.decorate(st, path, body)
        return st.persona.resource(st, path)


def _get(st, path, fixed):
    if path in fixed:
        return fixed[path](st)
    head, _, tail = path.rpartition("/")
    if head == ACCOUNTS and tail.isdigit() and 1 <= int(tail) <= len(ACCOUNT_SLOTS):
        return account(st, int(tail))
    if head == SESSIONS:
        for v in st.sessions.values():
            if v["id"] == tail:
                return session_resource(tail, v["user"])
    return None


def with_etag(body):
    body = dict(body)
    body.pop("@odata.etag", None)
    tag = etag_of(body)
    body["@odata.etag"] = tag
    return body, tag


# ---------------------------------------------------------------- PATCH --

def _ipv4(v):
    try:
        ipaddress.IPv4Address(v)
        return True
    except ValueError:
        return False


def _merge_addresses(old, patch):
    """A PATCHed array of address objects, as DSP0266 has it: null removes
    the element at its place, {} keeps it, an object changes the properties
    it names; the array becomes as long as the PATCH's.  [(index in the
    PATCH, element)]."""
    out = []
    for i, a in enumerate(patch):
        if a is None:
            continue
        merged = dict(old[i]) if i < len(old) and isinstance(old[i], dict) else {}
        merged.update(a)
        out.append((i, merged))
    return out


def _check(value, kind, name, current=None):
    """Messages for one writable value (empty when it is fine); current is
    the value it replaces (for arrays patched element by element)."""
    shown = json.dumps(value)
    if kind == "bool":
        return [] if isinstance(value, bool) else [message(BASE + "PropertyValueTypeError", [shown, name])]
    if kind == "str":
        if not isinstance(value, str):
            return [message(BASE + "PropertyValueTypeError", [shown, name])]
        return [] if 0 < len(value) <= 63 else [message(BASE + "PropertyValueFormatError", [shown, name])]
    if isinstance(kind, tuple) and kind[0] == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            return [message(BASE + "PropertyValueTypeError", [shown, name])]
        return [] if kind[1] <= value <= kind[2] else [message(BASE + "PropertyValueFormatError", [shown, name])]
    if isinstance(kind, tuple) and kind[0] == "enum":
        return [] if value in kind[1] else [message(BASE + "PropertyValueNotInList", [shown, name])]
    if kind in ("iplist", "hostlist"):
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            return [message(BASE + "PropertyValueTypeError", [shown, name])]
        if kind == "iplist" and not all(_ipv4(x) for x in value):
            return [message(BASE + "PropertyValueFormatError", [shown, name])]
        return []
    if kind == "addresses":
        if not isinstance(value, list) or not all(x is None or isinstance(x, dict) for x in value):
            return [message(BASE + "PropertyValueTypeError", [shown, name])]
        out = []
        for i, a in _merge_addresses(current or [], value):
            for k in a:
                if k not in ("Address", "SubnetMask", "Gateway"):
                    out.append(message(BASE + "PropertyUnknown", ["%s/%d/%s" % (name, i, k)]))
            for k in ("Address", "SubnetMask"):
                if k not in a:
                    out.append(message(BASE + "PropertyMissing", ["%s/%d/%s" % (name, i, k)]))
            for k in ("Address", "SubnetMask", "Gateway"):
                if k in a and not (isinstance(a[k], str) and _ipv4(a[k])):
                    out.append(message(BASE + "PropertyValueFormatError",
                                       [json.dumps(a[k]), "%s/%d/%s" % (name, i, k)]))
        return out
    raise AssertionError(kind)


ETH_WRITABLE = {
    "HostName": "str", "FQDN": "str",
    "IPv4StaticAddresses": "addresses", "StaticNameServers": "iplist",
    "DHCPv4": {"DHCPEnabled": "bool"},
    "VLAN": {"VLANEnable": "bool", "VLANId": ("int", 1, 4094)},
}
_PROTO = {"ProtocolEnabled": "bool", "Port": ("int", 1, 65535)}
NETPROTO_WRITABLE = {
    "HostName": "str", "HTTPS": _PROTO, "SSH": _PROTO, "IPMI": _PROTO, "SNMP": _PROTO,
    "NTP": {"ProtocolEnabled": "bool", "NTPServers": "hostlist"},
}


def _validate(body, spec, current, prefix=""):
    out = []
    for key, value in body.items():
        name = prefix + key
        if key in spec:
            kind = spec[key]
            if isinstance(kind, dict):
                if not isinstance(value, dict):
                    out.append(message(BASE + "PropertyValueTypeError", [json.dumps(value), name]))
                else:
                    out += _validate(value, kind, current.get(key, {}), name + "/")
            else:
                out += _check(value, kind, name, current.get(key))
        elif key in current:
            out.append(message(BASE + "PropertyNotWritable", [name]))
        else:
            out.append(message(BASE + "PropertyUnknown", [name]))
    return out


def _apply_eth(st, body):
    e = st.data["eth"]
    for k in ("HostName", "FQDN", "StaticNameServers"):
        if k in body:
            e[k] = body[k]
    if "IPv4StaticAddresses" in body:
        e["IPv4StaticAddresses"] = [a for _, a in _merge_addresses(e["IPv4StaticAddresses"],
                                                                   body["IPv4StaticAddresses"])]
    if "DHCPEnabled" in body.get("DHCPv4", {}):
        e["DHCPEnabled"] = body["DHCPv4"]["DHCPEnabled"]
    for k in ("VLANEnable", "VLANId"):
        if k in body.get("VLAN", {}):
            e[k] = body["VLAN"][k]


def _apply_netproto(st, body):
    p = st.data["protocols"]
    for k, v in body.items():
        if k == "HostName":
            p[k] = v
        else:
            p[k].update(v)


PATCHABLE = {ETH: (ETH_WRITABLE, _apply_eth), NETPROTO: (NETPROTO_WRITABLE, _apply_netproto)}


def patch(st, path, body, if_match):
    """PATCH: checked whole before anything changes."""
    with st.lock:
        current = get(st, path)
        if current is None:
            return err(404, BASE + "ResourceNotFound", ["resource", path])
        patchable = dict(PATCHABLE, **st.persona.patchable())
        if path not in patchable:
            return general(405, "This resource cannot be patched.", "Use GET.", {"Allow": "GET"})
        current, tag = with_etag(current)
        if st.faults.take("etag-race"):
            return err(412, BASE + "PreconditionFailed")
        if if_match is not None and if_match.strip() != "*" and \
                tag not in [t.strip() for t in if_match.split(",")]:
            return err(412, BASE + "PreconditionFailed")
        if not isinstance(body, dict):
            return err(400, BASE + "MalformedJSON")
        if not body:
            return err(400, BASE + "EmptyJSON")
        spec, apply = patchable[path]
        problems = _validate(body, spec, current)
        if problems:
            return 400, {"error": {"code": BASE + "GeneralError", "message": problems[0]["Message"],
                                   "@Message.ExtendedInfo": problems}}, {}
        apply(st, body)
        st.save()
        new, tag = with_etag(get(st, path))
        return 200, new, {"ETag": tag}


# ------------------------------------------------------------ privileges --

def operator_denied(method, path):
    """What the Operator role may not do (DMTF privilege registry: the
    manager's settings and its reset need ConfigureManager, which an
    Operator lacks; firmware updates and host resets need
    ConfigureComponents, which it has)."""
    if method == "PATCH":
        return path.startswith(MANAGER) or path.startswith(V1 + "/AccountService")
    return method == "POST" and path == MANAGER + "/Actions/Manager.Reset"


# -------------------------------------------------------------- sessions --

def create_session(st, body, credentials_ok):
    if not st.config["sessions"]:
        return general(405, "Sessions are disabled on this service.",
                       "Use HTTP Basic authentication.", {"Allow": "GET"})
    if not isinstance(body, dict):
        return err(400, BASE + "MalformedJSON")
    for k in ("UserName", "Password"):
        if not isinstance(body.get(k), str):
            return err(400, BASE + "PropertyMissing", [k])
    role = credentials_ok(body["UserName"], body["Password"])
    if not role:
        return err(401, BASE + "AccessDenied", [SESSIONS])
    with st.lock:
        sid = str(st.next_session)
        st.next_session += 1
        token = secrets.token_hex(16)
        st.sessions[token] = {"id": sid, "user": body["UserName"], "role": role}
        # Every token issued, for the tests that check a client leaks none.
        with open(os.path.join(st.state_dir, "tokens"), "a") as f:
            f.write(token + "\n")
    location = "%s/%s" % (SESSIONS, sid)
    return 201, session_resource(sid, body["UserName"]), {"X-Auth-Token": token, "Location": location}


def delete_session(st, path):
    sid = path.rsplit("/", 1)[1]
    with st.lock:
        for token, v in list(st.sessions.items()):
            if v["id"] == sid:
                del st.sessions[token]
                return 204, None, {}
    return err(404, BASE + "ResourceNotFound", ["Session", sid])


# ---------------------------------------------------------------- resets --

def power_cycle(st, reason):
    """The host reboots: a BIOS staged OnReset becomes the running one."""
    with st.lock:
        staged = st.data["staged_bios"]
        if staged:
            st.log.event("bios-activated", old=st.data["bios_version"], new=staged, reason=reason)
            st.data["bios_version"] = staged
            st.data["staged_bios"] = None
        st.data["power_state"] = "On"
        st.save()
    st.log.event("host-reset", reason=reason)
    st.persona.on_host_reset(st)


def _reset_type(body, allowed, action):
    if not isinstance(body, dict):
        return None, err(400, BASE + "MalformedJSON")
    rt = body.get("ResetType")
    if rt is None:
        return None, err(400, BASE + "ActionParameterMissing", [action, "ResetType"])
    if rt not in allowed:
        return None, err(400, BASE + "ActionParameterNotSupported", [json.dumps(rt), action])
    return rt, None


def system_reset(st, body):
    rt, bad = _reset_type(body, SYSTEM_RESETS, "ComputerSystem.Reset")
    if bad:
        return bad
    with st.lock:
        if rt in ("ForceOff", "GracefulShutdown"):
            st.data["power_state"] = "Off"
            st.save()
            st.log.event("host-off", reset_type=rt)
        elif rt == "On" and st.data["power_state"] == "On":
            pass   # already on: nothing boots
        else:
            power_cycle(st, rt)
    return 204, None, {}


def manager_reset(st, body, request_restart):
    rt, bad = _reset_type(body, MANAGER_RESETS, "Manager.Reset")
    if bad:
        return bad
    if "refuse-reset" in st.faults.current():
        return err(500, BASE + "InternalError")
    # Half a second (the generic persona's delay): the 204 leaves before
    # the socket closes.
    st.persona.on_manager_reset(st)
    request_restart(st.persona.manager_reset_delay(st), "Manager.Reset " + rt)
    return 204, None, {}
