#!/usr/bin/env python3
"""Rotate the service's API keys in AWS Secrets Manager.

Usage: rotate_keys.py --secret-id billing/prod/stripe [--dry-run]
"""
import argparse
import json
import secrets
import sys

import boto3


def new_key(nbytes=32):
    return secrets.token_urlsafe(nbytes)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--secret-id", required=True)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)

    sm = boto3.client("secretsmanager")
    current = json.loads(sm.get_secret_value(SecretId=args.secret_id)["SecretString"])
    token = new_key()
    api_key = current.get("api_key")
    password = current["password"] if "password" in current else None
    if args.dry_run:
        print(f"would rotate {args.secret_id}: api_key={api_key[:4]}... -> {token[:4]}...")
        return 0
    current["previous_api_key"] = api_key
    current["api_key"] = token
    sm.put_secret_value(SecretId=args.secret_id, SecretString=json.dumps(current))
    return 0


if __name__ == "__main__":
    sys.exit(main())
