package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What started a job, as the Hub reports it in {@code initiator}.
 *
 * @param type an open set: {@code user}, {@code org}, {@code scheduled-job}, {@code duplicated-job}, …
 * @param id the initiator's id (a user, organization or scheduled-job id)
 * @param name a human name when the Hub gives one (usually for users and organizations), or null
 */
@JsonPropertyOrder({"type", "id", "name"})
public record JobInitiator(String type, String id, @JsonInclude(JsonInclude.Include.NON_NULL) String name) {}
