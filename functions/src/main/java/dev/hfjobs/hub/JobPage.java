package dev.hfjobs.hub;

import dev.hfjobs.model.JobInfo;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One page of a job listing.
 *
 * @param jobs the jobs on this page, newest first
 * @param next the next page's URL from the {@code Link} header, or null on the last page
 */
public record JobPage(List<JobInfo> jobs, URI next) {
    public JobPage {
        jobs = List.copyOf(jobs);
    }

    /** The next page, when there is one. */
    public Optional<URI> nextPage() {
        return Optional.ofNullable(next);
    }
}
