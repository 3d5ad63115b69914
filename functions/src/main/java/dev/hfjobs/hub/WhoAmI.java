package dev.hfjobs.hub;

import java.util.List;

/**
 * The token's owner, from {@code GET /api/whoami-v2}. That endpoint is rate-limited much harder than
 * the rest: call it once and keep the answer.
 *
 * @param name the user name (the default namespace)
 * @param type {@code user} (or {@code org} for an org token)
 * @param orgs the organizations the user belongs to
 */
public record WhoAmI(String name, String type, List<String> orgs) {}
