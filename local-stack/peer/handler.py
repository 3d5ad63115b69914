"""The Python Lambda a user would write instead of ApiFunction's POST /jobs (benchmark peer only,
never packaged): boto3 and huggingface_hub 2.0.0, the same AWS calls as the submit path minus its
extra guarantees (no catalog check, no lease, no tracking-label search, no task tokens):
read the token secret, claim the idempotency key with a conditional put, run_job, put the job
record, publish "HF Job Submitted". The token is read on every call, as in the issue's peer.
"""
import json
import os
import time
import uuid

import boto3
from huggingface_hub import HfApi

_secrets = boto3.client("secretsmanager")
_dynamodb = boto3.client("dynamodb")
_events = boto3.client("events")


def handler(event, context):
    body = json.loads(event["body"])
    key = (event.get("headers") or {}).get("idempotency-key") or str(uuid.uuid4())
    table = os.environ["JOBS_TABLE_NAME"]
    token = _secrets.get_secret_value(SecretId=os.environ["HF_TOKEN_SECRET_ID"])["SecretString"]
    try:
        _dynamodb.put_item(TableName=table, Item={"pk": {"S": "peer-claim#" + key}},
                           ConditionExpression="attribute_not_exists(pk)")
    except _dynamodb.exceptions.ConditionalCheckFailedException:
        return {"statusCode": 409, "body": json.dumps({"error": "key in use"})}
    api = HfApi(endpoint=os.environ["HF_ENDPOINT"], token=token)
    namespace = body.get("namespace") or os.environ["HF_NAMESPACE"]
    job = api.run_job(image=body["image"], command=body["command"], env=body.get("env"),
                      secrets=body.get("secrets"), flavor=body.get("flavor"), timeout=body.get("timeout"),
                      labels=body.get("labels"), namespace=namespace)
    _dynamodb.put_item(TableName=table, Item={"pk": {"S": "peer-job#" + job.id}, "namespace": {"S": namespace},
                                              "stage": {"S": str(job.status.stage)}, "createdAt": {"N": str(time.time())}})
    _events.put_events(Entries=[{"Source": "hf.jobs.peer", "DetailType": "HF Job Submitted",
                                 "EventBusName": os.environ["EVENT_BUS_NAME"],
                                 "Detail": json.dumps({"jobId": job.id, "namespace": namespace, "url": job.url})}])
    return {"statusCode": 201, "body": json.dumps({"id": job.id, "url": job.url})}
