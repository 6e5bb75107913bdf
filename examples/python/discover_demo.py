#!/usr/bin/python3
"""discover_demo: map an AWS account into a graph with the Python binding.

    discover_demo.py [--profile P] [--role-arn ARN [--external-id ID]]
                     [--region R ... | --all-regions] [--services ec2,rds,elb,elbv2,s3]
                     [--endpoint-url URL] [--json FILE] [--dot FILE] [--format json|dot] [-q]

The Python twin of examples/discover.c. Writes the graph to standard output
(or the files given) and a summary to standard error. Exit status: 0 success,
3 partial (some services or regions could not be read), 1 failure, 2 usage.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import awsmap  # noqa: E402


def make_provider(args):
    if args.profile:
        base = awsmap.ProfileProvider(args.profile, endpoint_url=args.endpoint_url)
    else:
        base = awsmap.DefaultChainProvider(endpoint_url=args.endpoint_url)
    if not args.role_arn:
        return base
    with base:  # the role provider takes its own reference to its source
        return awsmap.AssumeRoleProvider(base, args.role_arn, external_id=args.external_id,
                                         endpoint_url=args.endpoint_url,
                                         region=args.region[0] if args.region else None)


def summary(graph):
    print(f"{len(graph)} resources, {len(graph.edges)} relationships in account(s) "
          f"{', '.join(graph.accounts)}", file=sys.stderr)
    for node_type, count in sorted(graph.types().items()):
        print(f"  {node_type:<28} {count}", file=sys.stderr)
    for err in graph.errors:
        print(f"  not read: {err.service} in {err.region}: {err.message}", file=sys.stderr)


def main(argv=None):
    p = argparse.ArgumentParser(description="Map an AWS account into a graph (read-only calls).")
    p.add_argument("--profile")
    p.add_argument("--role-arn")
    p.add_argument("--external-id")
    p.add_argument("--region", action="append")
    p.add_argument("--all-regions", action="store_true")
    p.add_argument("--services")
    p.add_argument("--endpoint-url")
    p.add_argument("--json", metavar="FILE")
    p.add_argument("--dot", metavar="FILE")
    p.add_argument("--format", choices=["json", "dot"], default="json")
    p.add_argument("-q", "--quiet", action="store_true")
    args = p.parse_args(argv)
    if args.external_id and not args.role_arn:
        p.error("--external-id needs --role-arn")
    if args.all_regions and args.region:
        p.error("use either --region or --all-regions")
    try:
        awsmap.parse_services(args.services)
    except awsmap.AwsmapError as e:
        p.error(str(e))

    try:
        with make_provider(args) as provider, \
                awsmap.Client(provider, endpoint_url=args.endpoint_url,
                              region=args.region[0] if args.region else None,
                              s3_force_path_style=bool(args.endpoint_url)) as client, \
                awsmap.discover(client, regions=args.region, all_regions=args.all_regions,
                                services=args.services) as graph:
            for path, text in ((args.json, graph.to_json), (args.dot, graph.to_dot)):
                if path:
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(text())
            if not (args.json or args.dot):
                sys.stdout.write(graph.to_dot() if args.format == "dot" else graph.to_json())
            if not args.quiet:
                summary(graph)
            return 3 if graph.partial else 0
    except awsmap.AwsmapError as e:
        print(f"discover_demo: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    except OSError as e:  # an output file that cannot be written
        print(f"discover_demo: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
