package dev.hfjobs.emulator;

/** How {@link HfJobsEmulator#deleteJob(String, Deletion)} makes a job disappear. */
public enum Deletion {
    /** The job stays visible with stage DELETED, as the Hub shows a job whose run was deleted. */
    MARK_DELETED,
    /** The job is gone: inspecting it answers 404 and lists no longer show it. */
    REMOVE
}
