# Test fixture: moto_server authorizing each IAM request against the user, group or policy it names.
"""
moto checks the Action of the caller's policies, but it authorizes every IAM request that names no
role against the resource "*", so a statement scoped to arn:*:iam::*:user/* never matches and is
denied. AWS authorizes these requests against the entity's ARN (the resource types of the Service
Authorization Reference for IAM): the group for group actions, the user for user actions, the
managed policy for policy actions. This launcher gives moto those ARNs, then runs moto_server with
the same arguments (-H 127.0.0.1 -p PORT).
"""

import sys

from moto.iam.exceptions import IAMException
from moto.iam.responses import IamResponse
from moto.server import main

_role_or_star = IamResponse._determine_resource


def _param(data, key):
    value = data.get(key)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _entity_arn(self):
    resource = _role_or_star(self)
    if resource != "*":
        return resource
    prefix = f"arn:{self.partition}:iam::{self.current_account}"
    group = _param(self.data, "GroupName")
    user = _param(self.data, "UserName")
    policy = _param(self.data, "PolicyArn")
    try:
        if group:
            return self.backend.get_group(group).arn
        if user:
            return self.backend.get_user(user).arn
    except IAMException:
        # A name that does not exist (yet, or any more): AWS authorizes against the ARN it would have.
        return f"{prefix}:group/{group}" if group else f"{prefix}:user/{user}"
    return policy or "*"


IamResponse._determine_resource = _entity_arn

if __name__ == "__main__":
    sys.exit(main())
