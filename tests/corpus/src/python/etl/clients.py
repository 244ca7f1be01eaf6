import logging

import boto3
import openai
import psycopg2
import requests
from huggingface_hub import InferenceClient

log = logging.getLogger(__name__)

# TODO(jdoe): read these from SSM before the demo
S3 = boto3.client(
    "s3",
    aws_access_key_id="AKIAQX3RIXKVC6Q5A7RL",
    aws_secret_access_key="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",
    region_name="eu-west-1",
)

openai_client = openai.OpenAI(api_key="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")
hf = InferenceClient(model="meta-llama/Meta-Llama-3-8B-Instruct", token="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")

GITHUB_API = "https://api.github.com"
HEADERS = {
    "Accept": "application/vnd.github+json",
    "Authorization": "Bearer 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",
    "X-GitHub-Api-Version": "2022-11-28",
}


def warehouse():
    return psycopg2.connect(
        "host=warehouse.internal dbname=analytics user=etl password=ctUymLezvCQ8PV5lz6tJWX sslmode=require"
    )


def list_repos(org):
    r = requests.get(f"{GITHUB_API}/orgs/{org}/repos", headers=HEADERS, timeout=30)
    r.raise_for_status()
    return [repo["full_name"] for repo in r.json()]


def checksum(blob: bytes) -> str:
    import hashlib
    return hashlib.sha256(blob).hexdigest()


KNOWN_GOOD = {
    "2024-06-01.parquet": "9488248618013ad141d3b49bb318dd7595f3fc4ca8f8be107c63015020e345c9",
    "2024-06-02.parquet": "ff4fe508f8c8b4c52e84be24887975e5149f1530a536cac7113f940bfc93e626",
}
