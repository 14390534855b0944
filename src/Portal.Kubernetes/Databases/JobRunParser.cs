using System.Text.Json;
using Portal.Application.Abstractions.Clusters;
using static Portal.Kubernetes.VeleroStatusParser;

namespace Portal.Kubernetes.Databases;

/// <summary>Reads a <c>batch/v1</c> Job and its pods (as the API server returns them) into a <see cref="JobRunStatus"/>.
/// Tolerant like <see cref="VeleroStatusParser"/>: a missing field reads as absent.</summary>
public static class JobRunParser
{
    /// <summary>The label the Job controller puts on its pods (both spellings: the old one and the 1.27+ one).</summary>
    public const string JobNameLabel = "job-name";
    public const string JobNameLabelNew = "batch.kubernetes.io/job-name";

    public static JobRunStatus Parse(JsonElement job, IEnumerable<JsonElement> pods)
    {
        var status = Child(job, "status");
        var failed = Condition(status, "Failed");
        var complete = Condition(status, "Complete");
        var completions = Int(Child(job, "spec"), "completions") ?? 1;
        // Failed wins: a Job never has both, but a half-written status must not read as a success.
        var isFailed = failed is not null;
        var isSucceeded = !isFailed && (complete is not null || (Int(status, "succeeded") ?? 0) >= Math.Max(completions, 1));
        var failureReason = failed is { } f ? Join(String(f, "reason"), String(f, "message")) : null;
        // A failed Job has no completionTime; the moment its Failed condition turned true is when it ended.
        var finished = complete ?? failed;
        var completedAt = Time(status, "completionTime") ?? (finished is null ? null : Time(finished, "lastTransitionTime"));
        return new JobRunStatus(
            Name: Name(job) ?? "",
            OwnerCronJob: OwnerCronJob(job),
            Labels: Labels(job),
            StartedAt: Time(status, "startTime"),
            CompletedAt: completedAt,
            Succeeded: isSucceeded,
            Failed: isFailed,
            FailureReason: failureReason,
            TerminationMessage: TerminationMessage(pods));
    }

    /// <summary>The Job a pod belongs to: its job-name label, else its controlling owner reference.</summary>
    public static string? JobOf(JsonElement pod)
    {
        var labels = Labels(pod);
        return labels.GetValueOrDefault(JobNameLabelNew) ?? labels.GetValueOrDefault(JobNameLabel) ?? Owner(pod, "Job");
    }

    /// <summary>The newest pod's termination message: of its most recently terminated container (the current state,
    /// else the last state after a restart); init containers only when no main container left one.</summary>
    public static string? TerminationMessage(IEnumerable<JsonElement> pods)
    {
        var newest = pods
            .OrderByDescending(p => Time(Child(p, "metadata"), "creationTimestamp") ?? DateTimeOffset.MinValue)
            .ThenByDescending(p => Name(p), StringComparer.Ordinal)
            .Cast<JsonElement?>()
            .FirstOrDefault();
        if (newest is not { } pod)
        {
            return null;
        }

        var podStatus = Child(pod, "status");
        return NewestMessage(Child(podStatus, "containerStatuses")) ?? NewestMessage(Child(podStatus, "initContainerStatuses"));
    }

    private static string? NewestMessage(JsonElement? statuses)
    {
        if (statuses is not { ValueKind: JsonValueKind.Array } list)
        {
            return null;
        }

        return list.EnumerateArray()
            .Select(s => Child(Child(s, "state"), "terminated") is { } now && String(now, "message") is { Length: > 0 }
                ? now
                : Child(Child(s, "lastState"), "terminated"))
            .Where(t => t is not null && String(t, "message") is { Length: > 0 })
            .OrderByDescending(t => Time(t, "finishedAt") ?? DateTimeOffset.MinValue)
            .Select(t => String(t, "message")!.TrimEnd())
            .FirstOrDefault();
    }

    private static JsonElement? Condition(JsonElement? status, string type) =>
        Child(status, "conditions") is { ValueKind: JsonValueKind.Array } conditions
            ? conditions.EnumerateArray()
                .Where(c => String(c, "type") == type && String(c, "status") == "True")
                .Cast<JsonElement?>()
                .FirstOrDefault()
            : null;

    private static string? OwnerCronJob(JsonElement job) => Owner(job, "CronJob");

    private static string? Owner(JsonElement obj, string kind) =>
        Child(Child(obj, "metadata"), "ownerReferences") is { ValueKind: JsonValueKind.Array } owners
            ? owners.EnumerateArray().Where(o => String(o, "kind") == kind).Select(o => String(o, "name")).FirstOrDefault()
            : null;

    private static string? Join(string? reason, string? message) => (reason, message) switch
    {
        (null, null) => "The Job failed.",
        (null, { } m) => m,
        ({ } r, null) => r,
        ({ } r, { } m) => $"{r}: {m}",
    };

    /// <summary>Whether two observations differ in what the portal records (labels aside).</summary>
    internal static bool Same(JobRunStatus a, JobRunStatus b) =>
        a.Name == b.Name && a.OwnerCronJob == b.OwnerCronJob && a.StartedAt == b.StartedAt && a.CompletedAt == b.CompletedAt
        && a.Succeeded == b.Succeeded && a.Failed == b.Failed && a.FailureReason == b.FailureReason
        && a.TerminationMessage == b.TerminationMessage;
}
