"""Drives the peer handler for scripts/bench: `cold EVENT_FILE` (one call in this fresh process, the
caller times the process) or `warm EVENT_FILE N` (5 warm-up calls, then N timed sequential calls;
prints each call's milliseconds, their mean and their median). Every call must answer 201."""
import json
import statistics
import sys
import time
import uuid


def call(handler, event):
    event = dict(event, headers=dict(event.get("headers") or {}, **{"idempotency-key": str(uuid.uuid4())}))
    answer = handler.handler(event, None)
    if answer["statusCode"] != 201:
        raise SystemExit("peer answered " + json.dumps(answer))


def main():
    mode, event_file = sys.argv[1], sys.argv[2]
    with open(event_file) as f:
        event = json.load(f)
    import handler
    if mode == "cold":
        call(handler, event)
        return
    for _ in range(5):
        call(handler, event)
    millis = []
    for _ in range(int(sys.argv[3])):
        started = time.perf_counter()
        call(handler, event)
        millis.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"mean": statistics.mean(millis), "median": statistics.median(millis), "millis": millis}))


if __name__ == "__main__":
    main()
