"""Redfish messages: the Base and Update registry entries the emulator uses,
and the error body every failed request carries.

The MessageIds and their arguments follow the DMTF registries (Base 1.8,
Update 1.0); the wording is the emulator's own.  Base 1.8 has no message of
its own for 405, 411 or 413: those carry GeneralError with a Resolution
saying what to do (as the registry asks of GeneralError), and the HTTP
status tells the rest.  A client decides on the
MessageId, never on the text.
"""

BASE = "Base.1.8."
UPDATE = "Update.1.0."

# id -> (severity, message with %1.. for the arguments, resolution)
_REGISTRY = {
    BASE + "Success": ("OK", "The request completed successfully.", "None."),
    BASE + "GeneralError": ("Critical", "The request failed; see the extended information.", "None."),
    BASE + "InternalError": ("Critical", "The service met an internal error.", "Retry the request; reset the service if it persists."),
    BASE + "NoValidSession": ("Critical", "There is no valid session for this request.", "Open a session or send credentials."),
    BASE + "AccessDenied": ("Critical", "Access to %1 was denied: the credentials are wrong.", "Check the user name and password."),
    BASE + "InsufficientPrivilege": ("Critical", "The account has too little privilege for this request.", "Use an account with more privilege."),
    BASE + "ResourceNotFound": ("Critical", "The %1 named %2 was not found.", "Check the URI."),
    BASE + "ResourceMissingAtURI": ("Critical", "No resource at %1.", "Check the URI."),
    BASE + "ActionNotSupported": ("Critical", "The resource has no action %1.", "Use an action the resource lists."),
    BASE + "ResourceCannotBeDeleted": ("Critical", "This resource cannot be deleted.", "None."),
    BASE + "PropertyNotWritable": ("Warning", "The property %1 is read-only.", "Leave it out of the request."),
    BASE + "PropertyUnknown": ("Warning", "The property %1 is not known to this resource.", "Leave it out of the request."),
    BASE + "PropertyMissing": ("Warning", "The property %1 is required.", "Add it to the request."),
    BASE + "PropertyValueTypeError": ("Warning", "The value %1 of property %2 has the wrong type.", "Send a value of the documented type."),
    BASE + "PropertyValueFormatError": ("Warning", "The value %1 of property %2 has the wrong format or range.", "Send a value in the documented format."),
    BASE + "PropertyValueNotInList": ("Warning", "The value %1 of property %2 is not one of the allowed values.", "Send one of the allowed values."),
    BASE + "PropertyValueConflict": ("Warning", "The value of %1 conflicts with %2.", "Change one of them."),
    BASE + "ActionParameterMissing": ("Critical", "The action %1 needs the parameter %2.", "Add the parameter."),
    BASE + "ActionParameterNotSupported": ("Critical", "The value of parameter %1 is not supported by the action %2.", "Send a supported value."),
    BASE + "UnrecognizedRequestBody": ("Warning", "The request body could not be read as what this URI takes.", "Correct the body and resubmit the request."),
    BASE + "EmptyJSON": ("Warning", "The request body is an empty JSON object.", "Add the properties to change."),
    BASE + "MalformedJSON": ("Critical", "The request body is not valid JSON.", "Send a well-formed JSON object."),
    BASE + "PreconditionFailed": ("Critical", "The ETag in If-Match does not match the resource's.", "Read the resource again and retry with its ETag."),
    BASE + "ServiceTemporarilyUnavailable": ("Critical", "The service is busy; retry in %1 seconds.", "Wait and retry."),
    BASE + "ResetRequired": ("Warning", "Reset %1 with %2 to complete the operation.", "Reset the component."),
    UPDATE + "TargetDetermined": ("OK", "%1 is the target of image %2.", "None."),
    UPDATE + "UpdateSuccessful": ("OK", "%1 now runs image %2.", "None."),
    UPDATE + "AwaitToActivate": ("OK", "Image %1 is staged on %2 and activates at its next reset.", "Reset the component to activate it."),
    UPDATE + "VerificationFailed": ("Critical", "Image %1 for %2 failed verification.", "Check that the image is meant for this device."),
    UPDATE + "ApplyFailed": ("Critical", "Writing image %1 to %2 failed.", "Retry the update."),
    UPDATE + "TransferFailed": ("Critical", "Fetching image %1 for %2 failed.", "Check the URI and the server that holds it."),
}


def register(entries):
    """A persona's own messages (vendor registries: Dell's RED/JCP IDs,
    Supermicro's SMC.1.0.*): {id: (severity, text, resolution)}."""
    _REGISTRY.update(entries)


def message(message_id, args=(), text=None, resolution=None):
    """One Message object (Message.v1_1): MessageId, Message, MessageArgs."""
    severity, template, default_resolution = _REGISTRY[message_id]
    resolution = resolution or default_resolution
    args = [str(a) for a in args]
    if text is None:
        text = template
        for i, a in reversed(list(enumerate(args, 1))):
            text = text.replace("%%%d" % i, a)
    return {
        "@odata.type": "#Message.v1_1_1.Message",
        "MessageId": message_id,
        "Message": text,
        "MessageArgs": args,
        "MessageSeverity": severity,
        "Resolution": resolution,
    }


def error_body(message_id, args=(), text=None, resolution=None):
    """The body of a failed request (DSP0266 "Error responses")."""
    m = message(message_id, args, text, resolution)
    return {
        "error": {
            "code": BASE + "GeneralError",
            "message": m["Message"],
            "@Message.ExtendedInfo": [m],
        }
    }
