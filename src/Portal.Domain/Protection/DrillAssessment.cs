using Portal.Domain.Common;
using Portal.Domain.Recovery;

namespace Portal.Domain.Protection;

/// <summary>The latest ended (passed or failed) restore drill of a namespace, as the status reader reads it.</summary>
public sealed record LastDrill(Guid DrillId, DateTimeOffset At, DrillStatus Status, TimeSpan? MeasuredRto, TimeSpan TargetRto, string? Failure)
{
    public bool Failed => Status == DrillStatus.Failed;
    public bool Slow => Status == DrillStatus.Passed && MeasuredRto is { } rto && !Recovery.TargetRto.Meets(rto, TargetRto);

    /// <summary>The drill in a few words, as the compliance view's "Last drill" column shows it.</summary>
    public string Summary => Status == DrillStatus.Passed && MeasuredRto is { } rto
        ? $"{At:yyyy-MM-dd}: passed in {Durations.Words(rto)} (target {Durations.Words(TargetRto)})"
        : $"{At:yyyy-MM-dd}: failed";
}

/// <summary>
/// The drill part of a namespace's status: a namespace whose latest drill failed, or passed slower than the target RTO it was
/// measured against, cannot be counted on to be recovered in time, so it is At risk with the reason in words. Applied by the
/// one status reader on top of <see cref="RpoAssessment"/>; a drill never makes a namespace Protected, and an Unprotected one
/// stays Unprotected (with the drill's reason added).
/// </summary>
public static class DrillAssessment
{
    public static RpoVerdict Apply(RpoVerdict verdict, LastDrill? drill)
    {
        if (Reason(drill) is not { } why) return verdict;
        return verdict.Status switch
        {
            ProtectionStatus.Protected => verdict with { Status = ProtectionStatus.AtRisk, Reason = why },
            _ => verdict with { Reason = $"{verdict.Reason} {why}" },
        };
    }

    /// <summary>Why the latest drill puts the namespace at risk, in words; null when it does not (none, or passed in time).</summary>
    public static string? Reason(LastDrill? drill)
    {
        if (drill is null) return null;
        if (drill.Failed)
        {
            var what = string.IsNullOrWhiteSpace(drill.Failure) ? "no reason recorded" : drill.Failure.Trim().TrimEnd('.');
            return $"The last drill on {drill.At:yyyy-MM-dd} failed: {what}.";
        }
        if (drill.Slow)
            return $"The last drill took {Durations.Words(drill.MeasuredRto!.Value)}, target {Durations.Words(drill.TargetRto)}.";
        return null;
    }
}
