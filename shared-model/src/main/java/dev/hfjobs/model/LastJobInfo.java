package dev.hfjobs.model;

import java.time.Instant;

/**
 * The last job a scheduled job started.
 *
 * @param id the job's id
 * @param at when it was started
 */
public record LastJobInfo(String id, Instant at) {}
