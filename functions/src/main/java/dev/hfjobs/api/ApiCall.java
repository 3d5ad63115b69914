package dev.hfjobs.api;

import dev.hfjobs.Deadline;

/** A request, the time it may take, and what its caller may do. */
record ApiCall(HttpEvent http, Deadline deadline, Access access) {}
