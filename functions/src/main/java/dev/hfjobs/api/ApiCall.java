package dev.hfjobs.api;

import dev.hfjobs.Deadline;

/** A request and the time it may take. */
record ApiCall(HttpEvent http, Deadline deadline) {}
