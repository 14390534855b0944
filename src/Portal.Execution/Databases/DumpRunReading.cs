using Portal.Application.Abstractions.Clusters;
using Portal.Databases.Messages;
using Portal.Domain.Databases;

namespace Portal.Execution.Databases;

/// <summary>What a finished run means for its artifact. A dump Job's pod says it in its termination message (the
/// script's one-line JSON); a CloudNativePG Backup in its status. Unfinished runs change nothing.</summary>
internal static class DumpRunReading
{
    public static void Apply(DumpArtifact artifact, JobRunStatus run, DateTimeOffset now)
    {
        if (!run.IsFinished || artifact.Status != DumpArtifactStatus.Running) return;
        var ended = run.CompletedAt ?? now;
        switch (DumpArtifactMessage.Parse(run.TerminationMessage))
        {
            case DumpArtifactMessage.Succeeded s when run.Succeeded:
                // The tool's version is a label for people (its column holds 100 characters); the rest is exact.
                artifact.Succeed(s.StartedAt, s.CompletedAt, s.SizeBytes, s.Sha256, s.Artifact, s.Tool.Length <= 100 ? s.Tool : s.Tool[..100]);
                break;
            case DumpArtifactMessage.Failed f:
                // The tool's own words (the end of its stderr) are what a database engineer needs.
                artifact.Fail(ended, string.IsNullOrWhiteSpace(f.Error) ? JobReason(run) : f.Error);
                break;
            case DumpArtifactMessage.Unreadable u when run.Failed:
                artifact.Fail(ended, $"{JobReason(run)} The pod left no readable result ({u.Reason}).");
                break;
            case DumpArtifactMessage.Unreadable u:
                artifact.Fail(ended, $"The dump Job finished, but its pod left no usable result, so the dump cannot be trusted: {u.Reason}");
                break;
            default:
                // The pod reported a dump in place, yet the Job failed (killed after writing, say): do not trust it.
                artifact.Fail(ended, $"{JobReason(run)} The dump it wrote is not kept as good.");
                break;
        }
    }

    public static void Apply(DumpArtifact artifact, CnpgBackupStatus backup, string backupName, DateTimeOffset now)
    {
        if (!backup.Finished || artifact.Status != DumpArtifactStatus.Running) return;
        if (backup.Succeeded)
            artifact.SucceedOperator(backup.StartedAt ?? artifact.StartedAt, backup.StoppedAt ?? now, OperatorBackups.Location(backup, backupName));
        else
            artifact.Fail(backup.StoppedAt ?? now, backup.Error is { Length: > 0 } error
                ? error
                : $"CloudNativePG reports the backup {backup.RawPhase ?? "failed"} without an error message.");
    }

    private static string JobReason(JobRunStatus run) => run.Failed
        ? $"The dump Job failed ({run.FailureReason ?? "no reason given"})."
        : "The dump Job ended without a result.";
}
