#!/usr/bin/env python3
"""Drives the HF Jobs emulator with the reference client, huggingface_hub, and checks the answers.

Usage: fidelity_check.py [ENDPOINT]   (default: $HF_ENDPOINT)

The emulator must run with its default fixture (user alice, token hf_test_alice, org acme-ml; bob)
and hold no jobs yet. The admin API (/_emulator/...) sets switches between checks. Prints one line
per check and a last line 'N passed, M failed'; exits non-zero when any check failed.
"""
import json
import os
import re
import sys
import traceback
import urllib.request

ENDPOINT = (sys.argv[1] if len(sys.argv) > 1 else os.environ.get("HF_ENDPOINT", "")).rstrip("/")
if not ENDPOINT:
    sys.exit("usage: fidelity_check.py ENDPOINT (or set HF_ENDPOINT)")
TOKEN = "hf_test_alice"
# huggingface_hub reads these when it is imported; some calls (list_jobs without a namespace) use
# the module-level client, which only knows HF_ENDPOINT and HF_TOKEN.
os.environ["HF_ENDPOINT"] = ENDPOINT
os.environ["HF_TOKEN"] = TOKEN
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import huggingface_hub  # noqa: E402
from huggingface_hub import HfApi, Volume  # noqa: E402
from huggingface_hub.errors import BadRequestError, HfHubHTTPError  # noqa: E402

api = HfApi(endpoint=ENDPOINT, token=TOKEN)
HEX24 = re.compile(r"^[0-9a-f]{24}$")
CHECKS = []


def check(function):
    CHECKS.append(function)
    return function


def admin(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(ENDPOINT + "/_emulator/" + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def http_status(error):
    return error.response.status_code if getattr(error, "response", None) is not None else None


def expect_http_error(status, call):
    try:
        call()
    except HfHubHTTPError as error:
        assert http_status(error) == status, f"expected HTTP {status}, got {http_status(error)}: {error}"
        return error
    raise AssertionError(f"expected HTTP {status}, the call succeeded")


def posted_bodies(path):
    return [json.loads(r["body"]) for r in admin("GET", "requests") if r["method"] == "POST" and r["path"] == path]


@check
def whoami_names_the_user_and_its_orgs():
    me = api.whoami()
    assert me["name"] == "alice" and me["type"] == "user", me
    assert HEX24.match(me["id"]), me["id"]
    assert [org["name"] for org in me["orgs"]] == ["acme-ml"], me["orgs"]


@check
def run_job_with_a_docker_image_and_every_option():
    job = api.run_job(
        image="pytorch/pytorch:2.6.0-cuda12.4-cudnn9-devel", command=["python", "train.py"],
        env={"EPOCHS": "3"}, secrets={"HF_TOKEN": "s3cr3t-value"}, flavor="a10g-small", timeout="1.5h",
        labels={"team": "ml"}, namespace="alice",
        volumes=[Volume(type="dataset", source="HuggingFaceFW/fineweb", mount_path="/data"),
                 Volume(type="bucket", source="alice/out", mount_path="/out", read_only=False)])
    assert HEX24.match(job.id), job.id
    assert job.status.stage == "SCHEDULING", job.status
    assert job.docker_image == "pytorch/pytorch:2.6.0-cuda12.4-cudnn9-devel" and job.space_id is None
    assert job.environment == {"EPOCHS": "3"}, job.environment
    assert job.secrets == {"HF_TOKEN": None}, job.secrets
    assert job.flavor == "a10g-small"
    assert job.labels["team"] == "ml" and "name" in job.labels, job.labels
    assert [(v.type, v.mount_path) for v in job.volumes] == [("dataset", "/data"), ("bucket", "/out")]
    assert job.owner.name == "alice" and job.owner.type == "user"
    assert job.initiator.type == "user" and job.initiator.name == "alice"
    assert job.created_at is not None and job.started_at is None and job.finished_at is None
    assert job.url == f"{ENDPOINT}/jobs/alice/{job.id}", job.url
    body = posted_bodies("/api/jobs/alice")[-1]
    assert body["timeoutSeconds"] == 5400 and body["secrets"] == {"HF_TOKEN": "s3cr3t-value"}, body
    answers = [r for r in admin("GET", "jobs")]
    assert "s3cr3t-value" not in json.dumps(answers)


@check
def run_job_with_a_space_image_in_an_org():
    job = api.run_job(image="hf.co/spaces/lhoestq/duckdb", command=["duckdb", "-c", "select 1"],
                      namespace="acme-ml")
    assert job.space_id == "lhoestq/duckdb" and job.docker_image is None, (job.space_id, job.docker_image)
    assert job.owner.name == "acme-ml" and job.owner.type == "org", job.owner
    assert job.initiator.name == "alice"


@check
def inspect_job_follows_stage_changes():
    job = api.run_job(image="python:3.12", command=["echo", "hi"], namespace="alice")
    assert api.inspect_job(job_id=job.id, namespace="alice").status.stage == "SCHEDULING"
    admin("POST", f"jobs/{job.id}/stage", {"stage": "RUNNING"})
    running = api.inspect_job(job_id=job.id, namespace="alice")
    assert running.status.stage == "RUNNING" and running.started_at is not None, running
    assert running.durations.scheduling_secs is not None and running.durations.total_secs is not None
    admin("POST", f"jobs/{job.id}/stage", {"stage": "ERROR", "message": "Job failed with exit code: 1"})
    failed = api.inspect_job(job_id=job.id)  # namespace from whoami
    assert failed.status.stage == "ERROR" and failed.status.message == "Job failed with exit code: 1"
    assert failed.finished_at is not None


@check
def list_jobs_without_a_namespace_uses_whoami():
    ids = {job.id for job in api.list_jobs()}
    assert len(ids) == 2, ids  # the alice jobs created above


@check
def list_jobs_pages_through_filters():
    admin("POST", "faults", {"pageSize": 3})
    try:
        created = [api.run_job(image="python:3.12", command=["echo", str(i)], labels={"batch": "b1"},
                               namespace="acme-ml").id for i in range(10)]
        api.run_job(image="python:3.12", command=["echo"], labels={"batch": "b2"}, namespace="acme-ml")
        admin("GET", "requests")
        before = len(admin("GET", "requests"))
        listed = [job.id for job in api.list_jobs(namespace="acme-ml", labels={"batch": "b1"})]
        assert listed == list(reversed(created)), listed
        gets = [r for r in admin("GET", "requests")[before:] if r["path"] == "/api/jobs/acme-ml"]
        assert len(gets) == 4, [g["query"] for g in gets]
        assert all("label=batch%3Db1" in g["query"] for g in gets), [g["query"] for g in gets]
        for job_id in created[:2]:
            admin("POST", f"jobs/{job_id}/stage", {"stage": "RUNNING"})
        admin("POST", f"jobs/{created[2]}/stage", {"stage": "COMPLETED"})
        running = [job.id for job in api.list_jobs(namespace="acme-ml", status="running")]
        assert running == [created[1], created[0]], running
        either = list(api.list_jobs(namespace="acme-ml", status=["RUNNING", "COMPLETED"], labels={"batch": "b1"}))
        assert len(either) == 3, either
    finally:
        admin("POST", "faults", {"pageSize": 50})


@check
def cancel_job_cancels_only_unfinished_jobs():
    job = api.run_job(image="python:3.12", command=["sleep", "1000"], namespace="alice")
    api.cancel_job(job_id=job.id, namespace="alice")
    assert api.inspect_job(job_id=job.id, namespace="alice").status.stage == "CANCELED"
    done = api.run_job(image="python:3.12", command=["true"], namespace="alice")
    admin("POST", f"jobs/{done.id}/stage", {"stage": "COMPLETED"})
    api.cancel_job(job_id=done.id, namespace="alice")
    assert api.inspect_job(job_id=done.id, namespace="alice").status.stage == "COMPLETED"


@check
def update_job_labels_replaces_them():
    job = api.run_job(image="python:3.12", command=["true"], labels={"a": "1"}, namespace="alice")
    updated = api.update_job_labels(job_id=job.id, labels={"b": "2"}, namespace="alice")
    assert updated.labels == {"b": "2"}, updated.labels


@check
def wait_for_job_sees_timers_finish_a_job():
    admin("POST", "faults", {"autoAdvance": {"schedulingMillis": 100, "runningMillis": 300}})
    try:
        job = api.run_job(image="python:3.12", command=["true"], namespace="alice")
        done = api.wait_for_job(job.id, namespace="alice", timeout=20, poll_interval=0.1)
        assert done.status.stage == "COMPLETED", done.status
        assert done.durations.running_secs is not None
    finally:
        admin("POST", "faults", {"autoAdvance": None})


@check
def fetch_job_logs_reads_the_event_stream():
    job = api.run_job(image="python:3.12", command=["echo", "hello"], namespace="alice")
    admin("POST", f"jobs/{job.id}/stage", {"stage": "COMPLETED"})
    logs = list(api.fetch_job_logs(job_id=job.id, namespace="alice"))
    assert any("echo hello" in line for line in logs), logs
    assert not any(line.startswith("===== Job started") for line in logs), logs


@check
def list_jobs_hardware_returns_the_catalog():
    catalog = api.list_jobs_hardware()
    assert [h.name for h in catalog] == [h.value for h in huggingface_hub.JobHardware], [h.name for h in catalog]
    basic = catalog[0]
    assert (basic.name, basic.unit_cost_micro_usd, basic.unit_cost_usd, basic.unit_label) == \
        ("cpu-basic", 167, 0.000167, "minute"), basic
    assert basic.accelerator is None and basic.ephemeral_storage == "50 GB"
    a10g = next(h for h in catalog if h.name == "a10g-small")
    assert a10g.unit_cost_micro_usd == 16667 and a10g.accelerator.model == "A10G"
    assert a10g.accelerator.quantity == "1" and a10g.accelerator.vram == "24 GB"


@check
def scheduled_jobs_go_through_their_whole_life():
    created = api.create_scheduled_job(image="python:3.12", command=["python", "nightly.py"], schedule="@hourly",
                                       env={"MODE": "nightly"}, secrets={"KEY": "s3cr3t"}, labels={"team": "ml"},
                                       flavor="cpu-upgrade", namespace="alice")
    assert HEX24.match(created.id) and created.schedule == "@hourly", created
    assert created.suspend is False and created.concurrency is False, created
    assert created.status.next_job_run_at is not None and created.status.last_job is None, created.status
    assert created.job_spec.secrets == {"KEY": None} and created.job_spec.flavor == "cpu-upgrade", created.job_spec
    assert created.owner.name == "alice"
    listed = api.list_scheduled_jobs(labels={"team": "ml"}, namespace="alice")
    assert [s.id for s in listed] == [created.id], listed
    assert api.inspect_scheduled_job(scheduled_job_id=created.id, namespace="alice").id == created.id
    api.suspend_scheduled_job(scheduled_job_id=created.id, namespace="alice")
    suspended = api.inspect_scheduled_job(scheduled_job_id=created.id, namespace="alice")
    assert suspended.suspend is True and suspended.status.next_job_run_at is None, suspended
    api.resume_scheduled_job(scheduled_job_id=created.id, namespace="alice")
    assert api.inspect_scheduled_job(scheduled_job_id=created.id, namespace="alice").suspend is False
    run = api.trigger_scheduled_job(scheduled_job_id=created.id, namespace="alice")
    assert run.initiator.type == "scheduled-job" and run.initiator.id == created.id, run.initiator
    assert run.environment == {"MODE": "nightly"} and run.secrets == {"KEY": None}, run
    after = api.inspect_scheduled_job(scheduled_job_id=created.id, namespace="alice")
    assert after.status.last_job.id == run.id, after.status
    expect_http_error(409, lambda: api.trigger_scheduled_job(scheduled_job_id=created.id, namespace="alice"))
    api.delete_scheduled_job(scheduled_job_id=created.id, namespace="alice")
    expect_http_error(404, lambda: api.inspect_scheduled_job(scheduled_job_id=created.id, namespace="alice"))


@check
def bad_requests_are_400():
    try:
        api.create_scheduled_job(image="python:3.12", command=["true"], schedule="every day", namespace="alice")
        raise AssertionError("an invalid schedule was accepted")
    except BadRequestError as error:
        assert "schedule" in str(error), error
    expect_http_error(400, lambda: api.run_job(image="python:3.12", command=["true"], flavor="tpu-v9",
                                               namespace="alice"))


@check
def auth_and_missing_jobs_raise_the_client_errors():
    error = expect_http_error(404, lambda: api.inspect_job(job_id="0123456789abcdef01234567", namespace="alice"))
    assert type(error).__name__ == "JobNotFoundError", type(error)
    expect_http_error(403, lambda: api.inspect_job(job_id="0123456789abcdef01234567", namespace="someone-else"))
    outsider = HfApi(endpoint=ENDPOINT, token="hf_not_a_token")
    expect_http_error(401, lambda: outsider.list_jobs_hardware())
    bob = HfApi(endpoint=ENDPOINT, token="hf_test_bob")
    expect_http_error(403, lambda: list(bob.list_jobs(namespace="acme-ml")))


@check
def a_dropped_create_answer_still_created_the_job():
    admin("POST", "faults", {"dropAfterCreate": 1})
    try:
        api.run_job(image="python:3.12", command=["true"], labels={"hfjobs-request": "drop-1"}, namespace="alice")
        raise AssertionError("the dropped create answered")
    except Exception as error:  # httpx2.RemoteProtocolError: server disconnected without a response
        assert "disconnected" in str(error).lower() or "protocol" in type(error).__name__.lower(), repr(error)
    found = list(api.list_jobs(namespace="alice", labels={"hfjobs-request": "drop-1"}))
    assert len(found) == 1, found


@check
def a_rate_limited_next_page_is_retried_by_the_client():
    admin("POST", "faults", {"pageSize": 2})
    try:
        for i in range(4):
            api.run_job(image="python:3.12", command=["true"], labels={"batch": "rl"}, namespace="acme-ml")
        pages = api.list_jobs(namespace="acme-ml", labels={"batch": "rl"})
        first = next(pages)
        admin("POST", "faults", {"rateLimitNext": {"count": 1, "retryAfterSeconds": 0}})
        rest = list(pages)
        assert len([first] + rest) == 4, rest
    finally:
        admin("POST", "faults", {"pageSize": 50})
    limited = expect_http_error(429, lambda: (admin("POST", "faults", {"rateLimitNext": {"count": 1,
                                "retryAfterSeconds": 9}}), api.inspect_job(job_id=first.id, namespace="acme-ml")))
    assert "Retry after 9 seconds" in str(limited), limited


@check
def legacy_mode_starts_jobs_running_and_ignores_filters():
    admin("POST", "faults", {"legacyMode": True})
    try:
        job = api.run_job(image="python:3.12", command=["true"], namespace="alice")
        assert job.status.stage == "RUNNING" and job.started_at is not None, job.status
        everything = list(api.list_jobs(namespace="alice", labels={"nothing": "matches"}))
        assert job.id in {j.id for j in everything} and len(everything) > 1, len(everything)
    finally:
        admin("POST", "faults", {"legacyMode": False})


@check
def a_malformed_answer_fails_to_parse():
    job = api.run_job(image="python:3.12", command=["true"], namespace="alice")
    admin("POST", "faults", {"malformedNext": 1})
    try:
        api.inspect_job(job_id=job.id, namespace="alice")
        raise AssertionError("a malformed answer was parsed")
    except ValueError:  # json.JSONDecodeError
        pass


def main():
    print(f"huggingface_hub {huggingface_hub.__version__} against {ENDPOINT}", flush=True)
    passed = failed = 0
    for function in CHECKS:
        try:
            function()
            passed += 1
            print(f"PASS {function.__name__}", flush=True)
        except Exception:  # noqa: BLE001 - every failure is reported, then the next check runs
            failed += 1
            print(f"FAIL {function.__name__}\n{traceback.format_exc()}", flush=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
