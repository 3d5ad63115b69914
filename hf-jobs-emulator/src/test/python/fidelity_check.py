#!/usr/bin/env python3
"""Drives the HF Jobs emulator with the reference client, huggingface_hub, and checks the answers.

Usage: fidelity_check.py [ENDPOINT]   (default: $HF_ENDPOINT)

The emulator must run with its default fixture (user alice, token hf_test_alice, org acme-ml; bob)
and hold no jobs yet. The admin API (/_emulator/...) sets switches between checks. The library
(HfApi) is checked first, then the `hf` CLI installed beside this Python (`hf jobs ...`), each
command asserted on its exit code, its output and what the emulator holds afterwards. Prints one
line per check (with its duration) and a last line 'N passed, M failed'; exits non-zero when any
check failed.
"""
import itertools
import json
import os
import re
import subprocess
import sys
import threading
import time
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
from huggingface_hub import HfApi, JobStage, Volume  # noqa: E402
from huggingface_hub.errors import BadRequestError, HfHubHTTPError  # noqa: E402

api = HfApi(endpoint=ENDPOINT, token=TOKEN)
HEX24 = re.compile(r"^[0-9a-f]{24}$")
HF_CLI = os.path.join(os.path.dirname(sys.executable), "hf")
# Streams at test pace: keep-alives every second (follow=False reads are only made of finished jobs,
# which a keep-alive shorter than the client's 5 s read timeout would otherwise hold open) and a
# metric sample every 200 ms.
STREAM_PACE = {"keepAliveMillis": 1000, "metricsPeriodMillis": 200}
METRIC_KEYS = ["cpu_usage_pct", "cpu_millicores", "memory_used_bytes", "memory_total_bytes", "rx_bps", "tx_bps",
               "gpus", "replica"]
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


def emulated_job(job_id):
    """The job as the emulator holds it, in the Hub's wire form."""
    return next(job for job in admin("GET", "jobs") if job["id"] == job_id)


def move(job_id, stage, message=None, lines=None):
    body = {"stage": stage}
    if message is not None:
        body["message"] = message
    if lines is not None:
        body["lines"] = lines
    admin("POST", f"jobs/{job_id}/stage", body)


def print_lines(job_id, *lines):
    admin("POST", f"jobs/{job_id}/logs", {"lines": list(lines)})


def later(seconds, action, *args):
    """Runs action(*args) on another thread after a while: a job changing while a client reads."""
    timer = threading.Timer(seconds, action, args=args)
    timer.start()
    return timer


class timers:
    """Lifecycle timers on for the duration of a block. They move every live job, so checks that
    rely on a job staying put create it after the block."""

    def __init__(self, scheduling_ms, running_ms, outcome="COMPLETED"):
        self.plan = {"schedulingMillis": scheduling_ms, "runningMillis": running_ms, "outcome": outcome}

    def __enter__(self):
        admin("POST", "faults", {"autoAdvance": self.plan})

    def __exit__(self, *exc):
        admin("POST", "faults", {"autoAdvance": None})


def hf(*args, expect=0, timeout=60):
    """Runs the `hf` CLI against the emulator; returns stdout and stderr after checking the exit code."""
    env = dict(os.environ, HF_ENDPOINT=ENDPOINT, HF_TOKEN=TOKEN, HF_HUB_DISABLE_UPDATE_CHECK="1", NO_COLOR="1")
    done = subprocess.run([HF_CLI, *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == expect, \
        f"`hf {' '.join(args)}` exited {done.returncode}, not {expect}:\n{done.stdout}\n{done.stderr}"
    return done.stdout, done.stderr


def hf_json(*args):
    """Runs an `hf` command with `--format json` (put before the image, if any) and parses what it prints."""
    return json.loads(hf(*args)[0])


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
    expected = {job["id"] for job in admin("GET", "jobs") if job["owner"]["name"] == "alice"}
    assert ids == expected and len(ids) >= 2, (ids, expected)


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
    renamed = api.update_job_labels(job_id=job.id, labels={"b": "2", "name": "sft-qwen2-0.5b"}, namespace="alice")
    assert renamed.labels == {"b": "2", "name": "sft-qwen2-0.5b"}, renamed.labels
    assert api.inspect_job(job_id=job.id, namespace="alice").labels == renamed.labels
    try:
        api.update_job_labels(job_id=job.id, labels={"bad key": "x"}, namespace="alice")
        raise AssertionError("an invalid label was accepted")
    except BadRequestError as error:
        assert "bad key" in str(error), error
    assert api.update_job_labels(job_id=job.id, labels={}, namespace="alice").labels == {}


@check
def wait_for_job_sees_timers_finish_a_job():
    with timers(100, 300):
        job = api.run_job(image="python:3.12", command=["true"], namespace="alice")
        done = api.wait_for_job(job.id, namespace="alice", timeout=20, poll_interval=0.1)
        assert done.status.stage == "COMPLETED", done.status
        assert done.durations.running_secs is not None
        others = [api.run_job(image="python:3.12", command=["true", str(i)], namespace="alice").id for i in range(2)]
        both = api.wait_for_job(others, namespace="alice", timeout=20, poll_interval=0.1)
        assert [j.status.stage for j in both] == ["COMPLETED", "COMPLETED"], both
    with timers(300, 60_000):
        job = api.run_job(image="python:3.12", command=["sleep", "60"], namespace="alice")
        running = api.wait_for_job(job.id, namespace="alice", stages=[JobStage.RUNNING], timeout=20,
                                   poll_interval=0.1)
        assert running.status.stage == "RUNNING", running.status
    failing = api.run_job(image="python:3.12", command=["false"], namespace="alice")
    later(0.3, move, failing.id, "ERROR", "Job failed with exit code: 1")
    failed = api.wait_for_job(failing.id, namespace="alice", timeout=20, poll_interval=0.1)  # returned, not raised
    assert failed.status.stage == "ERROR", failed.status
    stuck = api.run_job(image="python:3.12", command=["sleep", "60"], namespace="alice")
    try:
        api.wait_for_job(stuck.id, namespace="alice", timeout=0.3, poll_interval=0.1)
        raise AssertionError("waiting on a scheduling job did not time out")
    except TimeoutError:
        pass


@check
def list_jobs_filters_by_name_over_pages():
    admin("POST", "faults", {"pageSize": 2})
    try:
        named = [api.run_job(image="python:3.12", command=["python", "sweep.py", str(i)], name="sweep-7",
                             namespace="acme-ml").id for i in range(5)]
        api.run_job(image="python:3.12", command=["python", "sweep.py"], name="sweep-8", namespace="acme-ml")
        before = len(admin("GET", "requests"))
        listed = [job.id for job in api.list_jobs(namespace="acme-ml", labels={"name": "sweep-7"})]
        assert listed == list(reversed(named)), listed
        gets = [r for r in admin("GET", "requests")[before:] if r["path"] == "/api/jobs/acme-ml"]
        assert len(gets) == 3 and all("label=name%3Dsweep-7" in g["query"] for g in gets), [g["query"] for g in gets]
    finally:
        admin("POST", "faults", {"pageSize": 50})


@check
def run_job_with_every_2_0_option():
    job = api.run_job(image="python:3.12", command=["python", "-m", "http.server", "8000"], name="web-demo",
                      labels={"team": "ml"}, expose=[8000, 22], ssh=True, network_group="train",
                      network_aliases=["master", "worker-0"], resource_group_id="rg-ml-team", namespace="alice")
    assert job.labels == {"team": "ml", "name": "web-demo"}, job.labels
    assert job.status.expose_urls == [f"https://{job.id}--8000.hf.jobs", f"https://{job.id}--22.hf.jobs"], job.status
    assert job.status.ssh_url == f"ssh://{job.id}@ssh.hf.jobs", job.status
    assert (job.network.group, job.network.aliases) == ("train", ["master", "worker-0"]), job.network
    body = posted_bodies("/api/jobs/alice")[-1]
    assert list(body) == ["command", "arguments", "environment", "flavor", "labels", "expose", "ssh", "network",
                          "resourceGroupId", "dockerImage"], list(body)
    assert emulated_job(job.id)["resourceGroupId"] == "rg-ml-team"
    inspected = api.inspect_job(job_id=job.id, namespace="alice")
    assert (inspected.status.expose_urls, inspected.status.ssh_url, inspected.network) == \
        (job.status.expose_urls, job.status.ssh_url, job.network), inspected
    assert inspected.initiator.type == "user" and inspected.initiator.name == "alice", inspected.initiator


@check
def run_job_without_a_name_gets_the_default_name():
    job = api.run_job(image="python:3.12", command=["echo", "hi"], namespace="alice")
    assert job.labels == {"name": "python-3-12-86a55336"}, job.labels  # hf-jobs-api.md's worked example
    space = api.run_job(image="hf.co/spaces/lhoestq/duckdb", command=["duckdb"], namespace="alice")
    assert space.labels == {"name": "lhoestq-duckdb-a24acb5f"}, space.labels
    assert job.status.expose_urls is None and job.status.ssh_url is None and job.network is None, job
    try:
        api.run_job(image="python:3.12", command=["true"], name="a", labels={"name": "b"}, namespace="alice")
        raise AssertionError("name and a name label were both accepted")
    except ValueError as error:  # the client refuses before posting
        assert "name" in str(error), error
    expect_http_error(400, lambda: api.run_job(image="python:3.12", command=["true"], expose=[70000],
                                               namespace="alice"))
    expect_http_error(400, lambda: api.run_job(image="python:3.12", command=["true"], network_group="Not_Valid",
                                               namespace="alice"))


@check
def fetch_job_logs_without_follow_returns_a_finished_jobs_log():
    job = api.run_job(image="python:3.12", command=["echo", "hello"], namespace="alice")
    move(job.id, "RUNNING")
    print_lines(job.id, "line 1", "para\u2028graph\u0085end", "line 3")
    move(job.id, "COMPLETED")
    logs = list(api.fetch_job_logs(job_id=job.id, namespace="alice"))
    assert logs == ["$ echo hello", "line 1", "para\u2028graph\u0085end", "line 3",
                    "[hf-jobs-emulator] COMPLETED"], logs
    tail = list(api.fetch_job_logs(job_id=job.id, namespace="alice", tail=2))
    assert tail == ["line 3", "[hf-jobs-emulator] COMPLETED"], tail
    query = [r["query"] for r in admin("GET", "requests") if r["path"].endswith(f"/{job.id}/logs")][-1]
    assert query == "tail=2", query


@check
def fetch_job_logs_with_follow_streams_a_running_job_until_it_ends():
    job = api.run_job(image="python:3.12", command=["python", "train.py"], namespace="alice")
    move(job.id, "RUNNING")
    print_lines(job.id, "epoch 1")
    later(0.3, print_lines, job.id, "epoch 2")
    # Longer than a keep-alive period: the client must sit through keep-alive comments.
    later(1.6, move, job.id, "ERROR", "Job failed with exit code: 1", ["Traceback (most recent call last):",
                                                                       "ValueError: boom"])
    start = time.monotonic()
    logs = list(api.fetch_job_logs(job_id=job.id, namespace="alice", follow=True))
    elapsed = time.monotonic() - start
    assert logs == ["$ python train.py", "epoch 1", "epoch 2", "Traceback (most recent call last):",
                    "ValueError: boom", "[hf-jobs-emulator] ERROR: Job failed with exit code: 1"], logs
    assert 1.4 < elapsed < 10, elapsed
    job2 = api.run_job(image="python:3.12", command=["python", "eval.py"], namespace="alice")
    move(job2.id, "RUNNING")
    print_lines(job2.id, "a", "b")
    later(0.5, move, job2.id, "COMPLETED")
    tailed = list(api.fetch_job_logs(job_id=job2.id, namespace="alice", follow=True, tail=1))
    assert tailed == ["b", "[hf-jobs-emulator] COMPLETED"], tailed


@check
def fetch_job_logs_of_a_scheduling_job_waits_for_it_to_run():
    job = api.run_job(image="python:3.12", command=["echo", "late"], namespace="alice")
    later(0.4, move, job.id, "RUNNING")
    later(0.8, move, job.id, "COMPLETED")
    logs = list(api.fetch_job_logs(job_id=job.id, namespace="alice", follow=True))
    assert logs == ["$ echo late", "[hf-jobs-emulator] COMPLETED"], logs


@check
def fetch_job_metrics_yields_samples_while_running_and_nothing_once_finished():
    job = api.run_job(image="python:3.12", command=["python", "train.py"], flavor="a10g-small", namespace="alice")
    move(job.id, "RUNNING")
    start = time.monotonic()
    samples = list(itertools.islice(api.fetch_job_metrics(job_id=job.id, namespace="alice"), 3))
    assert len(samples) == 3 and time.monotonic() - start < 5, samples
    for sample in samples:
        assert list(sample) == METRIC_KEYS, sample
        assert sample["memory_total_bytes"] == 15 * 2 ** 30 and sample["cpu_millicores"] == 4000, sample
        assert len(sample["gpus"]) == 1 and isinstance(sample["replica"], str), sample
    later(0.5, move, job.id, "COMPLETED")
    streamed = list(api.fetch_job_metrics(job_id=job.id, namespace="alice"))  # ends with the job
    assert len(streamed) >= 1, streamed
    start = time.monotonic()
    assert list(api.fetch_job_metrics(job_id=job.id, namespace="alice")) == []  # 500, then the status check
    assert time.monotonic() - start < 3


@check
def fetch_job_logs_and_metrics_of_a_missing_job_raise():
    error = expect_http_error(404, lambda: list(api.fetch_job_logs(job_id="0123456789abcdef01234567",
                                                                   namespace="alice")))
    assert type(error).__name__ == "JobNotFoundError", type(error)
    expect_http_error(404, lambda: list(api.fetch_job_metrics(job_id="0123456789abcdef01234567", namespace="alice")))
    expect_http_error(403, lambda: list(api.fetch_job_logs(job_id="0123456789abcdef01234567", namespace="bob")))


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
def scheduled_job_labels_and_trigger_follow_the_2_0_client():
    created = api.create_scheduled_job(image="python:3.12", command=["python", "eval.py"], schedule="*/5 * * * *",
                                       name="nightly-eval", labels={"team": "ml"}, expose=[8080],
                                       resource_group_id="rg-1", namespace="alice")
    assert created.job_spec.labels == {"team": "ml", "name": "nightly-eval"}, created.job_spec
    spec = posted_bodies("/api/scheduled-jobs/alice")[-1]["jobSpec"]
    assert spec["expose"] == {"ports": [8080]} and spec["resourceGroupId"] == "rg-1", spec
    updated = api.update_scheduled_job_labels(scheduled_job_id=created.id, labels={"name": "weekly-eval"},
                                              namespace="alice")
    assert updated.job_spec.labels == {"name": "weekly-eval"}, updated.job_spec
    assert api.inspect_scheduled_job(scheduled_job_id=created.id, namespace="alice").job_spec.labels == \
        {"name": "weekly-eval"}
    run = api.trigger_scheduled_job(scheduled_job_id=created.id, namespace="alice")
    assert (run.initiator.type, run.initiator.id, run.initiator.name) == ("scheduled-job", created.id, "weekly-eval")
    assert run.status.expose_urls == [f"https://{run.id}--8080.hf.jobs"], run.status
    expect_http_error(409, lambda: api.trigger_scheduled_job(scheduled_job_id=created.id, namespace="alice"))
    move(run.id, "RUNNING")
    expect_http_error(409, lambda: api.trigger_scheduled_job(scheduled_job_id=created.id, namespace="alice"))
    move(run.id, "COMPLETED")
    again = api.trigger_scheduled_job(scheduled_job_id=created.id, namespace="alice")
    assert again.id != run.id
    parallel = api.create_scheduled_job(image="python:3.12", command=["true"], schedule="@daily", concurrency=True,
                                        namespace="alice")
    ids = {api.trigger_scheduled_job(scheduled_job_id=parallel.id, namespace="alice").id for _ in range(2)}
    assert len(ids) == 2, ids
    expect_http_error(404, lambda: api.update_scheduled_job_labels(scheduled_job_id="0123456789abcdef01234567",
                                                                   labels={}, namespace="alice"))
    for scheduled in (created, parallel):
        api.delete_scheduled_job(scheduled_job_id=scheduled.id, namespace="alice")


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


# ---- the `hf` CLI of the same huggingface_hub ------------------------------------------------
# `hf jobs run` itself is checked once; other checks start their jobs through the library, since
# each CLI call costs a Python start.


@check
def cli_run_detached_with_every_option_and_without_a_name():
    started = hf_json("jobs", "run", "--detach", "--format", "json", "--name", "cli-web", "--label", "team=ml",
                      "--expose", "8000", "--ssh", "--network-group", "train", "--network-alias", "master",
                      "--resource-group-id", "rg-ml-team", "python:3.12", "python", "-c", "print(1)")
    assert HEX24.match(started["id"]) and started["name"] == "cli-web", started
    assert started["url"] == f"{ENDPOINT}/jobs/alice/{started['id']}", started
    job = emulated_job(started["id"])
    assert job["labels"] == {"team": "ml", "name": "cli-web"} and job["command"] == ["python", "-c", "print(1)"], job
    assert job["expose"] == {"ports": [8000]} and job["ssh"] == {"enabled": True}, job
    assert job["network"] == {"group": "train", "aliases": ["master"]} and job["resourceGroupId"] == "rg-ml-team", job
    out, hints = hf("jobs", "run", "--detach", "--format", "json", "python:3.12", "echo", "hi")
    assert json.loads(out)["name"] == "python-3-12-19cf17d1", out  # the CLI's own default name (hf-jobs-api.md)
    assert "auto-named 'python-3-12-19cf17d1'" in hints, hints


@check
def cli_ps_lists_live_jobs_and_filters_by_name_and_label():
    web = api.run_job(image="python:3.12", command=["sleep", "60"], name="ps-web", labels={"tier": "gold"},
                      namespace="alice").id
    other = api.run_job(image="python:3.12", command=["true"], name="ps-other", namespace="alice").id
    move(other, "COMPLETED")
    live = {job["id"] for job in hf_json("jobs", "ps", "--format", "json")}
    assert web in live and other not in live, live
    by_name = hf_json("jobs", "ps", "--name", "ps-web", "--format", "json")
    assert [job["id"] for job in by_name] == [web] and by_name[0]["name"] == "ps-web", by_name
    everything = {job["id"] for job in hf_json("jobs", "ps", "-a", "--format", "json")}
    assert {web, other} <= everything, everything
    gold = hf_json("jobs", "ps", "-a", "--label", "tier=gold", "--format", "json")
    assert [job["id"] for job in gold] == [web], gold
    queries = [r["query"] for r in admin("GET", "requests") if r["method"] == "GET" and r["path"] == "/api/jobs/alice"]
    assert "stage=RUNNING&stage=SCHEDULING&label=name%3Dps-web" in queries, queries
    assert "label=tier%3Dgold" in queries, queries
    quiet, _ = hf("jobs", "ps", "-q", "--name", "ps-web")
    assert quiet.split() == [web], quiet
    nothing, _ = hf("jobs", "ps", "--name", "no-such-job")
    assert "No jobs matched filters: label=name=no-such-job" in nothing, nothing


@check
def cli_inspect_shows_the_2_0_fields():
    job = api.run_job(image="python:3.12", command=["python", "app.py"], expose=[7860], ssh=True, network_group="g1",
                      namespace="alice").id
    [inspected] = hf_json("jobs", "inspect", "--format", "json", f"alice/{job}")
    assert inspected["id"] == job and inspected["name"] == inspected["labels"]["name"], inspected
    assert inspected["status"]["expose_urls"] == [f"https://{job}--7860.hf.jobs"], inspected["status"]
    assert inspected["status"]["ssh_url"] == f"ssh://{job}@ssh.hf.jobs", inspected["status"]
    assert inspected["network"] == {"group": "g1", "aliases": []}, inspected
    move(job, "RUNNING")
    ssh, _ = hf("jobs", "ssh", "--dry-run", job)
    assert ssh.strip() == f"ssh {job}@ssh.hf.jobs", ssh
    hf("jobs", "inspect", "0123456789abcdef01234567", expect=1)


@check
def cli_logs_prints_the_log_its_tail_and_follows_a_running_job():
    job = api.run_job(image="python:3.12", command=["python", "train.py"], namespace="alice").id
    move(job, "RUNNING")
    print_lines(job, "epoch 1", "epoch 2")
    move(job, "COMPLETED")
    logs, _ = hf("jobs", "logs", f"alice/{job}")
    assert logs.splitlines() == ["$ python train.py", "epoch 1", "epoch 2", "[hf-jobs-emulator] COMPLETED"], logs
    tail, _ = hf("jobs", "logs", "--tail", "1", job)
    assert tail.splitlines() == ["[hf-jobs-emulator] COMPLETED"], tail
    live = api.run_job(image="python:3.12", command=["python", "serve.py"], namespace="alice").id
    move(live, "RUNNING")
    later(0.5, print_lines, live, "ready")
    later(1.2, move, live, "COMPLETED")
    followed, hints = hf("jobs", "logs", "-f", live)
    assert followed.splitlines() == ["$ python serve.py", "ready", "[hf-jobs-emulator] COMPLETED"], followed
    assert "Stream ended" in hints, hints


@check
def cli_labels_renames_replaces_and_clears():
    job = api.run_job(image="python:3.12", command=["true"], name="first", labels={"team": "ml"}, namespace="alice").id
    hf("jobs", "labels", job, "--name", "second")
    assert emulated_job(job)["labels"] == {"team": "ml", "name": "second"}, emulated_job(job)["labels"]
    hf("jobs", "labels", job, "--label", "env=prod", "--label", "flag")
    assert emulated_job(job)["labels"] == {"env": "prod", "flag": ""}, emulated_job(job)["labels"]
    hf("jobs", "labels", job, "--clear")
    assert emulated_job(job)["labels"] == {}, emulated_job(job)["labels"]
    _, error = hf("jobs", "labels", job, "--label", "bad/key=x", expect=1)
    assert "Bad request" in error and "bad/key" in error, error


@check
def cli_cancel_and_wait_exit_by_the_final_stage():
    job = api.run_job(image="python:3.12", command=["sleep", "60"], namespace="alice").id
    out, _ = hf("jobs", "cancel", f"alice/{job}")
    assert "Job cancelled" in out and emulated_job(job)["status"]["stage"] == "CANCELED", out
    out, error = hf("jobs", "wait", job, expect=1)
    assert "CANCELED" in out and "did not complete successfully" in error, (out, error)
    done = api.run_job(image="python:3.12", command=["true"], namespace="alice").id
    later(0.5, move, done, "COMPLETED")
    out, _ = hf("jobs", "wait", done)
    assert "COMPLETED" in out, out
    stuck = api.run_job(image="python:3.12", command=["sleep", "60"], namespace="alice").id
    _, error = hf("jobs", "wait", "--timeout", "1s", stuck, expect=1)
    assert "Timed out" in error, error


@check
def cli_hardware_lists_the_catalog():
    out, _ = hf("jobs", "hardware")
    rows = {line.split()[0]: line for line in out.splitlines()[2:] if line.strip()}
    assert "cpu-basic" in rows and "a10g-small" in rows, out
    assert "1x A10G" in rows["a10g-small"] and "$0.0167" in rows["a10g-small"] and "$1.00" in rows["a10g-small"], \
        rows["a10g-small"]


@check
def cli_stats_shows_a_running_jobs_metrics_until_it_ends():
    job = api.run_job(image="python:3.12", command=["python", "train.py"], flavor="a10g-small", namespace="alice").id
    move(job, "RUNNING")
    later(1.0, move, job, "COMPLETED")
    start = time.monotonic()
    out, _ = hf("jobs", "stats", job, timeout=30)
    assert time.monotonic() - start < 15
    # 15 GiB of RAM and a 24 GB GPU, as the CLI prints sizes (powers of 1000)
    assert "CPU %" in out and "GPU UTIL %" in out and "/ 16.1GB" in out and "/ 24.0GB" in out, out[-800:]
    admin("POST", "advance", {"stage": "COMPLETED"})  # earlier checks left jobs running
    out, _ = hf("jobs", "stats")
    assert "No running jobs found" in out, out


@check
def cli_attached_run_streams_the_logs_and_fails_unless_completed():
    with timers(200, 800):
        out, _ = hf("jobs", "run", "python:3.12", "echo", "attached")
    assert "$ echo attached" in out and "[hf-jobs-emulator] COMPLETED" in out and "completed" in out, out
    with timers(200, 800, outcome="ERROR"):
        out, error = hf("jobs", "run", "python:3.12", "false", expect=1)
    assert "[hf-jobs-emulator] ERROR" in out and "finished with stage 'ERROR'" in error, (out, error)


@check
def cli_scheduled_jobs_run_ps_suspend_resume_trigger_delete():
    created = hf_json("jobs", "scheduled", "run", "@hourly", "--format", "json", "--name", "cli-nightly",
                      "python:3.12", "python", "nightly.py")
    sid = created["id"]
    assert HEX24.match(sid) and created["name"] == "cli-nightly", created
    body = posted_bodies("/api/scheduled-jobs/alice")[-1]
    assert body["schedule"] == "@hourly" and body["jobSpec"]["labels"] == {"name": "cli-nightly"}, body
    active = hf_json("jobs", "scheduled", "ps", "--format", "json")
    assert [(s["id"], s["name"], s["suspend"]) for s in active if s["id"] == sid] == [(sid, "cli-nightly", False)]
    hf("jobs", "scheduled", "suspend", sid)
    assert sid not in {s["id"] for s in hf_json("jobs", "scheduled", "ps", "--format", "json")}
    assert sid in {s["id"] for s in hf_json("jobs", "scheduled", "ps", "-a", "--format", "json")}
    hf("jobs", "scheduled", "resume", f"alice/{sid}")
    assert api.inspect_scheduled_job(scheduled_job_id=sid, namespace="alice").suspend is False
    out, _ = hf("jobs", "scheduled", "trigger", sid)
    run_id = re.search(r"id: ([0-9a-f]{24})", out).group(1)
    assert emulated_job(run_id)["initiator"] == {"type": "scheduled-job", "id": sid, "name": "cli-nightly"}
    _, error = hf("jobs", "scheduled", "trigger", sid, expect=1)
    assert "409" in error, error
    hf("jobs", "scheduled", "labels", sid, "--name", "cli-weekly")
    assert api.inspect_scheduled_job(scheduled_job_id=sid, namespace="alice").job_spec.labels == {"name": "cli-weekly"}
    hf("jobs", "scheduled", "delete", sid)
    expect_http_error(404, lambda: api.inspect_scheduled_job(scheduled_job_id=sid, namespace="alice"))


def main():
    print(f"huggingface_hub {huggingface_hub.__version__} against {ENDPOINT}", flush=True)
    admin("POST", "faults", STREAM_PACE)
    passed = failed = 0
    for function in CHECKS:
        start = time.monotonic()
        try:
            function()
            passed += 1
            print(f"PASS {function.__name__} ({time.monotonic() - start:.1f} s)", flush=True)
        except Exception:  # noqa: BLE001 - every failure is reported, then the next check runs
            failed += 1
            print(f"FAIL {function.__name__} ({time.monotonic() - start:.1f} s)\n{traceback.format_exc()}",
                  flush=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
