"""Runtime identity state: accounts, access keys and temporary credentials."""
import secrets
import threading
import time


def iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


class Principal:
    """Whoever an access key belongs to (IAM user or assumed-role session)."""

    def __init__(self, account, access_key, secret, arn, user_id, policy=None,
                 session_token=None, expiration=None, role=None):
        self.account = account
        self.access_key = access_key
        self.secret = secret
        self.arn = arn
        self.user_id = user_id
        self.policy = policy or {}
        self.session_token = session_token
        self.expiration = expiration        # epoch seconds, None = long-term
        self.role = role

    def expired(self, now):
        return self.expiration is not None and now >= self.expiration

    def allows(self, service, action, region):
        """Scenario policy: allow/deny lists of services, actions ("ec2:X") and regions."""
        p = self.policy
        svc = {"elbv2": "elb"}.get(service, service)
        full = f"{service}:{action}"
        if service in p.get("deny_services", ()) or svc in p.get("deny_services", ()):
            return False
        if full in p.get("deny_actions", ()) or region in p.get("deny_regions", ()):
            return False
        if "allow_services" in p and service not in p["allow_services"] and svc not in p["allow_services"]:
            return False
        if "allow_regions" in p and region not in p["allow_regions"] and service not in ("s3", "sts"):
            return False
        return True


class Account:
    def __init__(self, spec):
        self.id = spec["id"]
        self.name = spec.get("name", self.id)
        self.regions = spec.get("regions", {})
        self.buckets = spec.get("buckets", [])
        self.roles = {r["name"]: r for r in spec.get("roles", [])}
        self.users = spec.get("users", [])

    def data(self, region, service):
        return self.regions.get(region, {}).get(service, {})


class State:
    def __init__(self, scenario):
        self.scenario = scenario
        self.lock = threading.Lock()
        self.accounts = {a["id"]: Account(a) for a in scenario.get("accounts", [])}
        self.keys = {}
        self.imds_tokens = {}
        self.config = {"ec2_token_bucket": False, "latency_ms": 0, "s3_bucket_region": True,
                       "credential_duration_seconds": scenario.get("credential_duration_seconds"),
                       "imds_allow_v1": bool(scenario.get("imds", {}).get("allow_v1", False))}
        self.regions = list(scenario.get("regions") or ["us-east-1"])
        for acct in self.accounts.values():
            for u in acct.users:
                arn = f"arn:aws:iam::{acct.id}:user/{u['name']}"
                uid = "AIDA" + secrets.token_hex(8).upper()[:17]
                self.keys[u["access_key_id"]] = Principal(
                    acct, u["access_key_id"], u["secret_access_key"], arn, uid, u.get("policy"))

    def principal(self, access_key):
        with self.lock:
            return self.keys.get(access_key)

    def role_arn(self, acct, role_name):
        return f"arn:aws:iam::{acct.id}:role/{role_name}"

    def issue_session(self, acct, role, session_name, duration):
        """New ASIA... credentials for `role`, remembered so later calls work."""
        override = self.config.get("credential_duration_seconds")
        if override:
            duration = int(override)
        now = time.time()
        key = "ASIA" + secrets.token_hex(8).upper()
        p = Principal(acct, key, secrets.token_urlsafe(30)[:40],
                      f"arn:aws:sts::{acct.id}:assumed-role/{role['name']}/{session_name}",
                      f"AROA{abs(hash((acct.id, role['name']))) % 10**17:017d}:{session_name}",
                      role.get("policy"), "IQoJb3JpZ2luX2VjE" + secrets.token_urlsafe(96),
                      now + duration, role)
        with self.lock:
            self.keys[key] = p
        return p

    def find_role(self, arn):
        """(account, role) for a role ARN, or (None, None)."""
        parts = arn.split(":")
        if len(parts) != 6 or not parts[5].startswith("role/"):
            return None, None
        acct = self.accounts.get(parts[4])
        if acct is None:
            return None, None
        return acct, acct.roles.get(parts[5].split("/")[-1])
