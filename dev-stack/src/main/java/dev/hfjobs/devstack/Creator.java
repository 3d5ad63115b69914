package dev.hfjobs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Creates the resources of one CloudFormation type. To support another type, implement this and list
 * it in {@link TemplateResources}; a property the creator neither applies nor skips fails the
 * template up front, so a new property in template.yaml is never silently dropped.
 */
interface Creator {

    /** E.g. {@code AWS::SQS::Queue}. */
    String type();

    /** The properties {@link #create} applies. */
    Set<String> applied();

    /**
     * The properties left out locally because nothing the functions do depends on them (backups, tags,
     * encryption keys), and the one naming the resource, which the naming replaces.
     */
    Set<String> skipped();

    /**
     * @param name       the physical name from the naming
     * @param properties the applied properties, intrinsics resolved
     */
    CreatedStack.Resource create(String logicalId, String name, JsonNode properties);
}
