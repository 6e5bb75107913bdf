#!/usr/bin/python3
"""Keeps README.md true: its C example is examples/quickstart.c line for line,
and its IAM action list is exactly the minimal policy in src/auth/policy.c."""
import re
import sys

root = sys.argv[1]
readme = open(f"{root}/README.md").read()
failures = []

quickstart = [l.strip() for l in open(f"{root}/examples/quickstart.c")]
snippet = re.search(r"```c\n(.*?)```", readme, re.S).group(1)
for line in snippet.splitlines():
    if line.strip() and line.strip() not in quickstart:
        failures.append(f"README's C example has a line examples/quickstart.c lacks: {line.strip()}")

policy = set(re.findall(r'"((?:ec2|elasticloadbalancing|rds|s3|sts):\w+)"',
                        open(f"{root}/src/auth/policy.c").read()))
block = re.search(r"libawsmap calls.*?```\n(.*?)```", readme, re.S).group(1)
listed = set(block.split())
for a in sorted(policy - listed):
    failures.append(f"README's IAM list lacks {a}")
for a in sorted(listed - policy):
    failures.append(f"README's IAM list names {a}, which the policy does not grant")

for f in failures:
    print("FAIL:", f)
print(f"{len(snippet.splitlines())} example lines, {len(policy)} IAM actions checked")
sys.exit(1 if failures else 0)
