package dev.hfjobs.model;

/**
 * Who owns (or started) a job: a user or an organization.
 *
 * @param id the Hub's 24-hex id
 * @param name the user or organization name, used in the job's page URL
 * @param type {@code user} or {@code org}
 */
public record JobOwner(String id, String name, String type) {}
